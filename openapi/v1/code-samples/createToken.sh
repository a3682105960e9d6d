# Log in (form-encoded, not JSON). The response's access_token
# lasts 60 minutes: "expires_in": 3600.
curl -X POST 'https://abc.ukwest.cloudapp.azure.com/api/oauth2/token' \
  --data-urlencode 'grant_type=Password' \
  --data-urlencode 'username=backupadmin' \
  --data-urlencode "password=$VBAZURE_PASSWORD"

# Before it expires, trade the response's refresh_token for a new one.
curl -X POST 'https://abc.ukwest.cloudapp.azure.com/api/oauth2/token' \
  --data-urlencode 'grant_type=Refresh_token' \
  --data-urlencode "refresh_token=$VBAZURE_REFRESH_TOKEN"
