# A page of 100 (the default). The names are case-sensitive: Offset and
# Limit (v1: offset and limit). For the next page, add the number of
# results received to Offset; stop once they reach totalCount, or on an
# empty page.
curl 'https://abc.ukwest.cloudapp.azure.com/api/v8.1/restorePoints/virtualMachines/snapshots?Offset=0&Limit=100' \
  -H "Authorization: Bearer $VBAZURE_TOKEN"

# Only the snapshots of one VM (its vmId), or of one restore point.
curl 'https://abc.ukwest.cloudapp.azure.com/api/v8.1/restorePoints/virtualMachines/snapshots?VirtualMachineId=bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy' \
  -H "Authorization: Bearer $VBAZURE_TOKEN"
curl 'https://abc.ukwest.cloudapp.azure.com/api/v8.1/restorePoints/virtualMachines/snapshots?RestorePointId=a3687ba6-6f6b-44bd-8475-0979b1bce276' \
  -H "Authorization: Bearer $VBAZURE_TOKEN"
