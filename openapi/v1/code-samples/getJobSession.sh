# {id} is the id of the job session that deleteSnapshots returned.
curl 'https://abc.ukwest.cloudapp.azure.com/api/v1/jobSessions/8' \
  -H "Authorization: Bearer $VBAZURE_TOKEN"
