"""A place given as an ``os.PathLike`` that is no ``Path`` (as some libraries pass one),
shared by the tests of functions that take a file or folder."""


class Named:
    def __init__(self, where):
        self.where = str(where)

    def __fspath__(self):
        return self.where

    def __repr__(self):  # a stable test id
        return f"Named({self.where!r})"
