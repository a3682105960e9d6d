# Several VMs in one request: a JSON body with their vmIds. One job
# session does the work (202), or 204 when there is nothing to remove.
curl -i -X POST 'https://abc.ukwest.cloudapp.azure.com/api/v8.1/protectedItem/virtualMachines/deleteSnapshots' \
  -H "Authorization: Bearer $VBAZURE_TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"ids":["bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy","k2m7q9w4e8r1t5y3u6i0o2p4a7s9d1f3g5h8j0k2l4z6x8c1v3b5"]}'
