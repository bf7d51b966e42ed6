"""The pure core: plain data in, plain data out. Nothing here imports Django or a database."""
