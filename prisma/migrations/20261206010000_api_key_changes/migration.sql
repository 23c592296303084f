-- Web processes cache resolved API keys while they listen on this channel (decision 0061): every change that matters
-- to authenticating a request tells them, whoever makes it (the admin page, a script, psql). Recording a key's use
-- (lastUsedAt) is not such a change.
CREATE FUNCTION "notify_api_key_changed"() RETURNS trigger AS $$
BEGIN
  PERFORM pg_notify('crm_api_key_changed', OLD."id");
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER "ApiKey_changed"
AFTER UPDATE OF "name", "scopes", "keyHash", "revokedAt" OR DELETE ON "ApiKey"
FOR EACH ROW EXECUTE FUNCTION "notify_api_key_changed"();
