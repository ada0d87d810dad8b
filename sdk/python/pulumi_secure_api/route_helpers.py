# coding=utf-8
# Route helpers of the secure-api SDK. This file is not generated from
# schema.yaml: `make gen` copies it from
# provider/cmd/pulumi-gen-secure-api/overlays/python/ into the package (edit it there).
"""
Route helpers mirroring the reference library's ``add_resource_and_lambda_methods``,
``add_lambda_methods`` and ``add_methods``: each returns one :class:`RouteArgs` for the
``routes`` input of :class:`SecureRestApi` or :class:`IAMSecureRestApi`::

    SecureRestApi("api", routes=[
        lambda_methods(fn, Http.GET),                        # GET /
        lambda_route(fn, "/items/{id}", Http.GET, Http.PUT),
        integration_route(IntegrationArgs(type="MOCK"), "/ping", Http.GET),
    ])
"""

from typing import List, Mapping, Union

import pulumi_aws

from ._enums import Http
from ._inputs import IntegrationArgs, IntegrationArgsDict, RouteArgs

__all__ = [
    'integration_methods',
    'integration_route',
    'lambda_methods',
    'lambda_route',
]

_MethodLike = Union[Http, str]


def _methods(helper: str, methods: tuple) -> List[Http]:
    if not methods:
        raise ValueError(f"{helper}: at least one HTTP method is required (e.g. Http.GET)")
    out = []
    for m in methods:
        try:
            out.append(Http(m))
        except ValueError:
            known = ", ".join(h.value for h in Http)
            raise ValueError(f"{helper}: unknown HTTP method {m!r}; expected one of {known}") from None
    return out


def _path(helper: str, path: str) -> str:
    if not isinstance(path, str) or not path.startswith("/"):
        raise ValueError(f'{helper}: path must be a string starting with "/", got {path!r}')
    return path


def lambda_route(handler: 'pulumi_aws.lambda_.Function', path: str, *methods: _MethodLike) -> RouteArgs:
    """
    A route answering ``methods`` on ``path``, served by the Lambda function ``handler`` through a
    proxy integration; the component adds the invoke permission. The counterpart of the reference
    library's ``add_resource_and_lambda_methods(handler, "/path", *methods)``.

    :param handler: The Lambda function serving the route.
    :param path: The resource path, e.g. ``"/items/{id}"``; nested paths and ``{param}`` /
        ``{proxy+}`` segments are allowed.
    :param methods: At least one HTTP method (``Http.GET`` or ``"GET"``).
    :raises ValueError: when no method (or an unknown one) is given.
    """
    return RouteArgs(path=_path("lambda_route", path), methods=_methods("lambda_route", methods), handler=handler)


def lambda_methods(handler: 'pulumi_aws.lambda_.Function', *methods: _MethodLike) -> RouteArgs:
    """
    A route answering ``methods`` on the API's root path (``"/"``), served by the Lambda function
    ``handler``. The counterpart of the reference library's ``add_lambda_methods(handler, *methods)``.

    :param handler: The Lambda function serving the route.
    :param methods: At least one HTTP method.
    :raises ValueError: when no method (or an unknown one) is given.
    """
    return RouteArgs(path="/", methods=_methods("lambda_methods", methods), handler=handler)


def integration_route(integration: Union[IntegrationArgs, IntegrationArgsDict, Mapping],
                      path: str, *methods: _MethodLike) -> RouteArgs:
    """
    A route answering ``methods`` on ``path``, served by a generic integration (HTTP, HTTP_PROXY,
    AWS, AWS_PROXY or MOCK). The counterpart of the reference library's
    ``add_methods(integration, *methods, resource=...)``.

    :param integration: The integration serving the route.
    :param path: The resource path, e.g. ``"/ping"``.
    :param methods: At least one HTTP method.
    :raises ValueError: when no method (or an unknown one) is given.
    """
    return RouteArgs(path=_path("integration_route", path), methods=_methods("integration_route", methods),
                     integration=integration)


def integration_methods(integration: Union[IntegrationArgs, IntegrationArgsDict, Mapping],
                        *methods: _MethodLike) -> RouteArgs:
    """
    A route answering ``methods`` on the API's root path (``"/"``), served by a generic
    integration. The counterpart of the reference library's ``add_methods(integration, *methods)``
    without a resource.

    :param integration: The integration serving the route.
    :param methods: At least one HTTP method.
    :raises ValueError: when no method (or an unknown one) is given.
    """
    return RouteArgs(path="/", methods=_methods("integration_methods", methods), integration=integration)
