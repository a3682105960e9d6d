# A page of 30 (the default). For the next page, add the number
# of results received to offset; the collection ends on an empty page.
curl 'https://abc.ukwest.cloudapp.azure.com/api/v1/virtualMachineSnapshots?offset=0&limit=30' \
  -H "Authorization: Bearer $VBAZURE_TOKEN"
