"""Reader-support banners: a bilingual appeal, rendered by the server, that readers can close."""
