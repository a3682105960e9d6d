# {sessionId} is the id of the job session a removal answered with.
curl 'https://abc.ukwest.cloudapp.azure.com/api/v8.1/jobSessions/8' \
  -H "Authorization: Bearer $VBAZURE_TOKEN"
