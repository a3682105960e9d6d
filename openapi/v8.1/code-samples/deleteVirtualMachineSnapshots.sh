# {id} is the VM's vmId. 202 Accepted: the body is the job session doing
# the work; poll GET /api/v8.1/jobSessions/{sessionId} until its status
# is final. 204 No Content: nothing to remove, and no session.
curl -i -X POST 'https://abc.ukwest.cloudapp.azure.com/api/v8.1/protectedItem/virtualMachines/bp6tt895tumar59kbez87wsa1pqup6zy8kjo9n77tx819197o8dy/deleteSnapshots' \
  -H "Authorization: Bearer $VBAZURE_TOKEN"
