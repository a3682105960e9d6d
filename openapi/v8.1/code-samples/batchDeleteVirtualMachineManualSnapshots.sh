# The manually created snapshots of several VMs, in one request.
curl -i -X POST 'https://abc.ukwest.cloudapp.azure.com/api/v8.1/protectedItem/virtualMachines/deleteManualSnapshots' \
  -H "Authorization: Bearer $VBAZURE_TOKEN" \
  -H 'Content-Type: application/json' \
  -d '{"ids":["bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy","k2m7q9w4e8r1t5y3u6i0o2p4a7s9d1f3g5h8j0k2l4z6x8c1v3b5"]}'
