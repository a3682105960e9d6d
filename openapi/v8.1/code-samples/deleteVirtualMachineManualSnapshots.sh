# Only the snapshots created manually, not those of a backup policy.
# 202 with the job session doing it, or 204 when the VM has none.
curl -i -X POST 'https://abc.ukwest.cloudapp.azure.com/api/v8.1/protectedItem/virtualMachines/bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy/deleteManualSnapshots' \
  -H "Authorization: Bearer $VBAZURE_TOKEN"
