# coding=utf-8
# OpenAPI definition helper of the secure-api SDK. This file is not generated from
# schema.yaml: `make gen` copies it from
# provider/cmd/pulumi-gen-secure-api/overlays/python/ into the package (edit it there).
"""
Reads an OpenAPI definition file for the ``open_api_definition`` input of
:class:`SecureRestApi` or :class:`IAMSecureRestApi`::

    SecureRestApi("api",
                  open_api_definition=open_api_definition_from_file("openapi.yaml"),
                  operations={"getOrder": OperationBindingArgs(handler=fn)})
"""

import os

__all__ = [
    'open_api_definition_from_file',
]


def open_api_definition_from_file(path: str) -> str:
    """
    The text of an OpenAPI 3.0 or Swagger 2.0 definition file (JSON or YAML). A relative
    path is read from the program's directory (the working directory Pulumi runs it in).
    The component parses and checks it when it is constructed (at ``pulumi preview``).

    :param path: The definition file, e.g. ``"openapi.yaml"``.
    :raises OSError: when the file cannot be read.
    """
    resolved = os.path.abspath(path)
    try:
        with open(resolved, encoding="utf-8") as f:
            return f.read()
    except OSError as e:
        raise OSError(f"open_api_definition_from_file: cannot read {resolved!r}: {e.strerror}") from e
