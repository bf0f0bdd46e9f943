"""Store parsed resolutions as Whoosh index generations: layout on disk, records, schema, build."""
