# The product version the appliance runs: serverVersion (8.1.x serves
# API v8.1, v8, v7 and v6).
curl 'https://abc.ukwest.cloudapp.azure.com/api/v8.1/system/about' \
  -H "Authorization: Bearer $VBAZURE_TOKEN"
