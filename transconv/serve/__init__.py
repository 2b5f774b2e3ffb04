"""``transconv serve ROOT``: the two documented endpoints as a self-hosted HTTP service.

Rev's attachment content endpoint and SmartDocumentor's export endpoint over a folder of
exports, converted on demand, with a web page and a player (the optional extra
``transconv[serve]``: Starlette served by uvicorn). The modules:

* :mod:`.command` starts it (checks, binding, uvicorn, a clean stop on SIGINT/SIGTERM);
* :mod:`.app` the application, :mod:`.routes` the API, :mod:`.web` the pages,
  :mod:`.auth` tokens and hosts;
* :mod:`.attachments` the index of files, :mod:`.choose` negotiation glue,
  :mod:`.service` conversions, :mod:`.cache` versions, ETags and bounded caches,
  :mod:`.responses` errors and byte ranges, :mod:`.settings` what a server runs with.

Nothing here is imported by the library or by the command's other subcommands.
"""
