"""What each function's code calls on AWS, read off its source.

From a function's handler module, every definition it can reach is followed: names and
attributes that resolve to Portal's own functions, classes (their `__init__`) and module values,
and the use cases' ports (`deps.store.get_person(...)` is `DynamoStateStore.get_person`, as
`portal/adapters/factory.py` wires it). Inside, a call on a boto3 client (a parameter or attribute
typed as one, or the result of `.client("service")`) is an AWS operation; DynamoDB operations are
on the table of the adapter they were reached through. Powertools' idempotency store is read the
same way from its installed source. Each operation becomes IAM actions through botocore's service
models (TransactWriteItems is authorised per item: Put, Update, Delete and ConditionCheck).

The result over-approximates (a reachable call counts whether or not a request takes that path),
which is what a policy must allow.
"""

from __future__ import annotations

import ast
import importlib.util
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import botocore.session
from botocore import xform_name

# boto3-stubs' client classes: the type of a client tells its service.
CLIENT_TYPES = {
    "DynamoDBClient": "dynamodb",
    "CognitoIdentityProviderClient": "cognito-idp",
    "SESV2Client": "sesv2",
    "SESClient": "ses",
    "SecretsManagerClient": "secretsmanager",
}
# The resource an operation of a service acts on, in the words of tests/infra/test_functions.py
# (DynamoDB's depends on the adapter: its table).
RESOURCES = {"cognito-idp": "user pool", "sesv2": "ses identity", "ses": "ses identity"}
SECRETS = "cursor key"  # the only secret Portal reads
PER_ITEM = {
    ("dynamodb", "TransactWriteItems"): ("PutItem", "UpdateItem", "DeleteItem", "ConditionCheckItem"),
    ("dynamodb", "TransactGetItems"): ("GetItem",),
}
IDEMPOTENCY_STORE = "DynamoDBPersistenceLayer"  # Powertools' class, read from its own source
Call = tuple[str, str, str]  # (service, Operation, resource)


@dataclass
class Module:
    name: str
    tree: ast.Module
    imports: dict[str, str] = field(default_factory=dict)  # local name -> "module" or "module:name"
    defs: dict[str, ast.AST] = field(default_factory=dict)  # qualname -> node


@dataclass
class Code:
    """Portal's modules (the layer and one function's folder), indexed for resolving names."""

    modules: dict[str, Module]
    ports: dict[str, tuple[str, str | None]]  # port -> ("module:Class", table or None)

    def node(self, key: str) -> ast.AST | None:
        module, _, name = key.partition(":")
        found = self.modules.get(module)
        if found is None:
            return None
        return found.tree if not name else found.defs.get(name)


def _module_name(root: Path, path: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _index(name: str, tree: ast.Module, package: bool) -> Module:
    module = Module(name, tree)
    base = name if package else name.rpartition(".")[0]
    for node in tree.body:
        _index_statement(module, node, base)
    return module


def _index_statement(module: Module, node: ast.stmt, base: str) -> None:
    if isinstance(node, ast.If):  # `if TYPE_CHECKING:` imports type stubs only: nothing runs
        for inner in node.body + node.orelse:
            if not isinstance(inner, ast.Import | ast.ImportFrom):
                _index_statement(module, inner, base)
    elif isinstance(node, ast.Import):
        for alias in node.names:
            module.imports[alias.asname or alias.name.split(".")[0]] = (
                alias.name if alias.asname else alias.name.split(".")[0]
            )
    elif isinstance(node, ast.ImportFrom):
        source = node.module or ""
        if node.level:
            parent = base.rsplit(".", node.level - 1)[0] if node.level > 1 else base
            source = f"{parent}.{source}" if source else parent
        for alias in node.names:
            module.imports[alias.asname or alias.name] = f"{source}:{alias.name}"
    elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
        module.defs[node.name] = node
        for local in ast.walk(node):  # an import at first use binds its names too (over-approximated)
            if isinstance(local, ast.ImportFrom) and local.module and not local.level:
                for alias in local.names:
                    module.imports.setdefault(alias.asname or alias.name, f"{local.module}:{alias.name}")
    elif isinstance(node, ast.ClassDef):
        module.defs[node.name] = node
        for item in node.body:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                module.defs[f"{node.name}.{item.name}"] = item
    elif isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        for target in targets:
            if isinstance(target, ast.Name):
                module.defs[target.id] = node


def load(layer: Path, function_folder: Path) -> Code:
    modules: dict[str, Module] = {}
    for path in sorted(layer.rglob("*.py")):
        name = _module_name(layer, path)
        modules[name] = _index(name, ast.parse(path.read_text(), str(path)), path.name == "__init__.py")
    for path in sorted(function_folder.glob("*.py")):
        name = path.stem if path.stem != "__init__" else "_function"
        modules[name] = _index(name, ast.parse(path.read_text(), str(path)), False)
    return Code(modules, _ports(modules))


def _ports(modules: Mapping[str, Module]) -> dict[str, tuple[str, str | None]]:
    """port -> (adapter class, its table), from the factory's `Deps(port=Class(client, settings.x_table))`
    (or `lazy(lambda: Class(...))`)."""
    factory = modules["portal.adapters.factory"]
    ports: dict[str, tuple[str, str | None]] = {}
    for node in ast.walk(factory.tree):
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Deps"):
            continue
        for keyword in node.keywords:
            value = keyword.value
            value = _made_at_first_use(factory, value)
            if keyword.arg and isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
                target = factory.imports.get(value.func.id, f"portal.adapters.factory:{value.func.id}")
                tables = [
                    a.attr.removesuffix("_table")
                    for a in value.args
                    if isinstance(a, ast.Attribute) and a.attr.endswith("_table")
                ]
                ports[keyword.arg] = (target, tables[0] if tables else None)
    return ports


def _made_at_first_use(factory: Module, value: ast.expr) -> ast.expr:
    """`lazy(lambda: Class(...))` → `Class(...)`; `lazy(lambda: _helper(...))` → what `_helper` returns."""
    if not (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Name)
        and value.func.id == "lazy"
        and value.args
        and isinstance(value.args[0], ast.Lambda)
    ):
        return value
    made = value.args[0].body
    if isinstance(made, ast.Call) and isinstance(made.func, ast.Name):
        helper = factory.defs.get(made.func.id)
        if isinstance(helper, ast.FunctionDef):
            for node in ast.walk(helper):
                if isinstance(node, ast.Return) and isinstance(node.value, ast.Call):
                    return node.value
    return made


def _resolve(code: Code, module: Module, name: str) -> str | None:
    """A name in a module's scope → "module:qualname" (or "module:" for a module), if it is Portal's."""
    if name in module.defs:
        return f"{module.name}:{name}"
    target = module.imports.get(name)
    if target is None:
        return None
    source, _, attr = target.partition(":")
    if attr and f"{source}.{attr}" in code.modules:
        return f"{source}.{attr}:"
    if source in code.modules:
        return _follow(code, source, attr) if attr else f"{source}:"
    return f"external:{attr or source}"


def _follow(code: Code, module_name: str, attr: str) -> str | None:
    """`attr` of a module, through its own imports (re-exports)."""
    module = code.modules[module_name]
    if attr in module.defs:
        return f"{module_name}:{attr}"
    if attr in module.imports:
        return _resolve(code, module, attr)
    if f"{module_name}.{attr}" in code.modules:
        return f"{module_name}.{attr}:"
    return None


@cache
def _operations(service: str) -> dict[str, str]:
    model = botocore.session.get_session().get_service_model(service)
    return {xform_name(op): op for op in model.operation_names}


@cache
def signing_name(service: str) -> str:
    return str(botocore.session.get_session().get_service_model(service).signing_name)


def _client_service(annotation: ast.expr | None) -> str | None:
    if annotation is None:
        return None
    for node in ast.walk(annotation):
        if isinstance(node, ast.Name) and node.id in CLIENT_TYPES:
            return CLIENT_TYPES[node.id]
        if isinstance(node, ast.Constant) and node.value in CLIENT_TYPES:
            return CLIENT_TYPES[str(node.value)]
    return None


def _created_client(value: ast.expr | None) -> str | None:
    """`<...>.client("service", ...)` → the service."""
    if (
        isinstance(value, ast.Call)
        and isinstance(value.func, ast.Attribute)
        and value.func.attr == "client"
        and value.args
        and isinstance(value.args[0], ast.Constant)
        and isinstance(value.args[0].value, str)
    ):
        return value.args[0].value
    return None


def _local_clients(function: ast.AST) -> dict[str, str]:
    """Names that hold a client inside a function: typed parameters and `x = ....client("svc")`."""
    clients: dict[str, str] = {}
    if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        for arg in [*function.args.args, *function.args.kwonlyargs, *function.args.posonlyargs]:
            service = _client_service(arg.annotation)
            if service:
                clients[arg.arg] = service
    for node in ast.walk(function):
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            service = _created_client(node.value) or _client_service(node.annotation)
            if service:
                clients[node.target.id] = service
        elif isinstance(node, ast.Assign):
            service = _created_client(node.value)
            for target in node.targets:
                if service and isinstance(target, ast.Name):
                    clients[target.id] = service
    return clients


def _attribute_clients(cls: ast.ClassDef) -> dict[str, str]:
    """`self.x` that holds a client: assigned a typed parameter or a created client in a method."""
    clients: dict[str, str] = {}
    for method in cls.body:
        if not isinstance(method, ast.FunctionDef):
            continue
        local = _local_clients(method)
        for node in ast.walk(method):
            if isinstance(node, ast.Assign):
                value = node.value
                service = local.get(value.id) if isinstance(value, ast.Name) else _created_client(value)
                for target in node.targets:
                    if (
                        service
                        and isinstance(target, ast.Attribute)
                        and isinstance(target.value, ast.Name)
                        and target.value.id == "self"
                    ):
                        clients[target.attr] = service
    return clients


def _classes(code: Code) -> dict[str, ast.ClassDef]:
    return {
        f"{m.name}:{name}": node
        for m in code.modules.values()
        for name, node in m.defs.items()
        if isinstance(node, ast.ClassDef)
    }


def _body(node: ast.AST) -> Iterator[ast.AST]:
    """Everything a definition runs or names: its body, decorators, defaults and annotations."""
    if isinstance(node, ast.ClassDef):  # a class reached by name: its construction only
        yield from node.decorator_list
        yield from node.bases
        for item in node.body:
            if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                yield item
        return
    if isinstance(node, ast.Module):
        for statement in node.body:
            if not isinstance(statement, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                yield statement
            elif not isinstance(statement, ast.ClassDef):
                yield from statement.decorator_list  # route registrations run at import
        return
    yield node


def calls_of(code: Code, entry: str) -> set[Call]:
    """Every AWS operation reachable from `entry` ("module:" for a module's import-time code)."""
    classes = _classes(code)
    class_of_method = {
        f"{module}:{cls.name}.{item.name}": f"{module}:{cls.name}"
        for key, cls in classes.items()
        for module in [key.partition(":")[0]]
        for item in cls.body
        if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
    }
    tables = dict(code.ports.values())
    found: set[Call] = set()
    seen: set[tuple[str, str | None]] = set()
    pending: list[tuple[str, str | None]] = [(entry, None)]
    while pending:
        key, table = pending.pop()
        if (key, table) in seen:
            continue
        seen.add((key, table))
        if key == f"external:{IDEMPOTENCY_STORE}":
            found |= {("dynamodb", op, "idempotency") for op in idempotency_operations()}
            continue
        node = code.node(key)
        module = code.modules.get(key.partition(":")[0])
        if node is None or module is None:
            continue
        owner = class_of_method.get(key)
        table = tables.get(owner, table) if owner else table
        local = _local_clients(node)
        attributes = _attribute_clients(classes[owner]) if owner else {}
        if key.endswith(":") is False and key in classes:  # a class: its __init__ runs
            pending.append((f"{key}.__init__", tables.get(key, table)))
        for part in _body(node):
            for sub in ast.walk(part):
                found |= _aws_call(sub, local, attributes, table)
                for target in _references(code, module, sub, owner):
                    pending.append((target, table))
    return found


def _aws_call(
    node: ast.AST, local: Mapping[str, str], attributes: Mapping[str, str], table: str | None
) -> set[Call]:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
        return set()
    holder = node.func.value
    service = None
    if isinstance(holder, ast.Name):
        service = local.get(holder.id)
    elif (
        isinstance(holder, ast.Attribute) and isinstance(holder.value, ast.Name) and holder.value.id == "self"
    ):
        service = attributes.get(holder.attr)
    if service is None:
        return set()
    operation = _operations(service).get(node.func.attr)
    if operation is None:
        raise ValueError(f"{service} has no operation {node.func.attr!r} (line {node.lineno})")
    resource = table or "unknown table" if service == "dynamodb" else RESOURCES.get(service, SECRETS)
    return {(service, operation, resource)}


def _references(code: Code, module: Module, node: ast.AST, owner: str | None) -> Iterator[str]:
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
        target = _resolve(code, module, node.id)
        if target:
            yield target
    elif isinstance(node, ast.Attribute):
        value = node.value
        if isinstance(value, ast.Name) and value.id == "self" and owner:
            yield f"{owner}.{node.attr}"
        elif isinstance(value, ast.Attribute) and value.attr in code.ports:  # deps.<port>.<method>
            yield f"{code.ports[value.attr][0]}.{node.attr}"
        elif isinstance(value, ast.Name):
            target = _resolve(code, module, value.id)
            if target and target.endswith(":"):
                followed = _follow(code, target[:-1], node.attr)
                if followed:
                    yield followed


@cache
def idempotency_operations() -> frozenset[str]:
    """What Powertools' DynamoDB idempotency store calls on its client, from its installed source."""
    spec = importlib.util.find_spec("aws_lambda_powertools.utilities.idempotency.persistence.dynamodb")
    assert spec is not None and spec.origin is not None
    tree = ast.parse(Path(spec.origin).read_text())
    names = {
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Attribute)
        and node.func.value.attr == "client"
    }
    operations = _operations("dynamodb")
    return frozenset(operations[name] for name in names if name in operations)


def iam_actions(calls: set[Call]) -> set[tuple[str, str]]:
    """(IAM action, resource) for each call; per-item actions for DynamoDB's transactions."""
    actions = set()
    for service, operation, resource in calls:
        for action in PER_ITEM.get((service, operation), (operation,)):
            actions.add((f"{signing_name(service)}:{action}", resource))
    return actions
