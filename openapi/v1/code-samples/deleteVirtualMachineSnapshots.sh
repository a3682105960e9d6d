# {id} is the VM's vmId. The answer is the job session doing the work:
# poll GET /api/v1/jobSessions/{id} until its status is final.
curl -X POST 'https://abc.ukwest.cloudapp.azure.com/api/v1/virtualMachines/bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy/deleteSnapshots' \
  -H "Authorization: Bearer $VBAZURE_TOKEN"
