"""Fields without a resolver of their own, read straight from their attribute; union
members told apart by their class; leaf values of such fields completed in one step.

strawberry resolves such a field (a "basic field") through three calls of its own
(`_get_basic_result`, `StrawberryField.get_result`, the configured default resolver) before
`getattr`; a list of 50 timeline items or 20 library entries has hundreds of them per request.
`read_attributes` gives each of them a resolver that is that `getattr` alone, once, when the
schema is built: same value, same errors, no other field touched (those with a resolver,
arguments, permissions or extensions keep strawberry's). `union_members_by_class` does the
same for the type of a union's value (each of 50 timeline items): strawberry looks for it
among the union's members and then every type of the schema, one test each; an object
whose class is one member's (not a generic's, not cast) is that member. `LeanExecution`
completes a scalar or enum field that reads its attribute in one step (read, coerce) instead
of graphql-core's ~15 calls (resolve info, nullability, list and leaf tests); anything else
(an error, a null for a non-null field, a value the type refuses) goes the usual way, which
reports it as before. It completes an object, list-of-object or union field that reads its
attribute without resolve info (the subfields and their errors still go through
graphql-core's own functions), and keeps the fields an operation's selections collect with
the parsed operation, for its next requests. An object whose selected fields all read their
attribute runs by a plan made once per operation, type and selection (`_plan`: the leaves
read and coerced, the objects by their own plans, no per-field dispatch); at anything
unusual it runs again from the start the usual way. ADR 2026-12-02-performance, "GraphQL
execution".
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Iterable, Mapping
from functools import partial
from typing import Any

import strawberry
from graphql.execution.collect_fields import CollectedFields, FieldDetailsList
from graphql.pyutils import gather_with_cancel
from strawberry.schema.schema import StrawberryGraphQLCoreExecutionContext
from strawberry.schema.schema_converter import CustomGraphQLEnumType
from strawberry.types.base import StrawberryObjectDefinition
from strawberry.types.cast import get_strawberry_type_cast

from graphql import (
    GRAPHQL_MAX_INT,
    GRAPHQL_MIN_INT,
    FieldNode,
    FragmentSpreadNode,
    GraphQLBoolean,
    GraphQLEnumType,
    GraphQLField,
    GraphQLID,
    GraphQLInt,
    GraphQLList,
    GraphQLNonNull,
    GraphQLObjectType,
    GraphQLScalarType,
    GraphQLString,
    GraphQLTypeResolver,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    Undefined,
)
from projections.engine.written import written

_LEAVES: dict[int, tuple[GraphQLField, str, Callable[[Any], Any], bool]] = {}
"""By `id` of a field that reads its attribute and returns a scalar or an enum: the field
(so that an `id` reused by another object never matches), the attribute, the type's
`coerce_output_value` and whether the field is non-null."""


def _attribute(name: str) -> Callable[[Any, Any], Any]:
    def resolve(source: Any, _info: Any) -> Any:
        return getattr(source, name)

    resolve._is_default = True  # type: ignore[attr-defined]  # as strawberry marks its own
    return resolve


def read_attributes(schema: strawberry.Schema) -> int:
    """Give every basic field of the schema's object types a plain `getattr` resolver;
    how many were given one."""
    if schema.config.default_resolver is not getattr:
        return 0  # another default resolver: strawberry's path is the one that calls it
    names = schema.config.name_converter
    given = 0
    for converted in schema.schema_converter.type_map.values():
        definition = converted.definition
        implementation = converted.implementation
        if not isinstance(definition, StrawberryObjectDefinition):
            continue
        if not isinstance(implementation, GraphQLObjectType):
            continue
        for field in definition.fields:
            graphql_field = implementation.fields.get(names.get_graphql_name(field))
            if graphql_field is None or not field.is_basic_field:
                continue
            resolve = graphql_field.resolve
            if getattr(resolve, "__name__", "") != "_get_basic_result":
                continue  # exception handlers or another wrapper: left as strawberry built it
            graphql_field.resolve = _attribute(field.python_name)
            _leaf(graphql_field, field.python_name)
            _leaf_list(graphql_field, field.python_name)
            _composite(graphql_field, field.python_name)
            given += 1
    return given


def _leaf(field: GraphQLField, attribute: str) -> None:
    kind, non_null = field.type, isinstance(field.type, GraphQLNonNull)
    if non_null:
        kind = kind.of_type  # type: ignore[union-attr]
    if isinstance(kind, GraphQLScalarType | GraphQLEnumType) and not field.args:
        _LEAVES[id(field)] = (field, attribute, _coercion(kind), non_null)


_LEAF_LISTS: dict[int, tuple[GraphQLField, str, Callable[[Any], Any], bool, bool]] = {}
"""By `id` of a field that reads its attribute and returns a list of scalars or enums: the
field, the attribute, the items' `coerce_output_value`, whether the field is non-null and
whether its items are (plans only: `LeanExecution._run`)."""


def _leaf_list(field: GraphQLField, attribute: str) -> None:
    kind, non_null = field.type, isinstance(field.type, GraphQLNonNull)
    if non_null:
        kind = kind.of_type  # type: ignore[union-attr]
    if not isinstance(kind, GraphQLList) or field.args:
        return
    kind = kind.of_type
    items_non_null = isinstance(kind, GraphQLNonNull)
    if items_non_null:
        kind = kind.of_type
    if isinstance(kind, GraphQLScalarType | GraphQLEnumType):
        _LEAF_LISTS[id(field)] = (field, attribute, _coercion(kind), non_null, items_non_null)


_COMPOSITES: dict[int, tuple[GraphQLField, str, bool, bool | None, Any]] = {}
"""By `id` of a field that reads its attribute and returns an object, a union's member or a
list of them: the field, the attribute, whether the field is non-null, whether a list's
items are (None: not a list) and the object or union type."""


def _composite(field: GraphQLField, attribute: str) -> None:
    kind, non_null = field.type, isinstance(field.type, GraphQLNonNull)
    if non_null:
        kind = kind.of_type  # type: ignore[union-attr]
    items_non_null: bool | None = None
    if isinstance(kind, GraphQLList):
        kind = kind.of_type
        items_non_null = isinstance(kind, GraphQLNonNull)
        if items_non_null:
            kind = kind.of_type
    if isinstance(kind, GraphQLObjectType | GraphQLUnionType) and not field.args:
        _COMPOSITES[id(field)] = (field, attribute, non_null, items_non_null, kind)


def _generated(is_type_of: Any) -> bool:
    """Whether `is_type_of` is one strawberry made (its answer never reads the resolve info)."""
    return bool(
        getattr(is_type_of, "__module__", "") == "strawberry.schema.schema_converter"
        and "_get_is_type_of.<locals>" in getattr(is_type_of, "__qualname__", "")
    )


def _coercion(kind: GraphQLScalarType | GraphQLEnumType) -> Callable[[Any], Any]:
    """The type's `coerce_output_value`; for an enum of strawberry's, its members' names
    looked up at once (strawberry compares the value with each of the enum's values in
    turn, for every value of every row), anything else as strawberry does."""
    if not isinstance(kind, CustomGraphQLEnumType):
        return kind.coerce_output_value
    names: dict[Any, str] = {}
    member: Any
    for member in kind.wrapped_cls:
        for name, value in kind.values.items():
            if member.value == value.value:
                names[member] = name
                break
    members, slow = kind.wrapped_cls, kind.coerce_output_value

    def coerce(value: Any) -> Any:
        if type(value) is members:
            name = names.get(value)
            if name is not None:
                return name
        return slow(value)

    return coerce


SHARED_OPERATIONS = 256
"""Operations whose collected fields are kept across requests (as many as the HTTP
endpoint's parsed documents)."""

_SHARED: OrderedDict[int, tuple[OperationDefinitionNode, dict[tuple[Any, ...], Any] | None]]
_SHARED = OrderedDict()
_SHARED_LOCK = threading.Lock()


def _without_directives(operation: OperationDefinitionNode, fragments: Iterable[Any]) -> bool:
    """Whether no field, fragment spread or inline fragment of the operation and the
    document's fragments carries a directive (`@skip`, `@include`, `@defer`…) or a fragment
    argument: then which fields an object's selection collects depends on the document and
    the object's type alone, never on the request's variables."""
    todo: list[SelectionSetNode] = [operation.selection_set]
    todo += [getattr(f, "definition", f).selection_set for f in fragments]
    while todo:
        for selection in todo.pop().selections:
            if selection.directives:
                return False
            if isinstance(selection, FragmentSpreadNode):
                if getattr(selection, "arguments", None):
                    return False  # fragment arguments: values from the variables
            elif isinstance(selection, FieldNode | InlineFragmentNode):
                if selection.selection_set:
                    todo.append(selection.selection_set)
            else:
                return False
    return True


def _shared_collections(
    operation: OperationDefinitionNode, fragments: Mapping[str, Any]
) -> dict[tuple[Any, ...], Any] | None:
    """The operation's collected subfields kept across its requests (None: it has
    directives, each request collects its own)."""
    entry = _SHARED.get(id(operation))
    if entry is not None and entry[0] is operation:
        return entry[1]
    table: dict[tuple[Any, ...], Any] | None = (
        {} if _without_directives(operation, fragments.values()) else None
    )
    with _SHARED_LOCK:
        _SHARED[id(operation)] = (operation, table)
        while len(_SHARED) > SHARED_OPERATIONS:
            _SHARED.popitem(last=False)
    return table


class LeanExecution(StrawberryGraphQLCoreExecutionContext):
    """strawberry's execution, with the leaf fields `read_attributes` gave a plain resolver
    completed in one step when nothing goes wrong (else as graphql-core does), and an
    object's subfields collected once per operation, not once per request.

    graphql-core collects the fields an object's selection asks for (its fragments merged)
    once per request and type; a timeline page collects some thirty such sets, each request
    again. They depend on the document, the type and — through `@skip`, `@include` and
    `@defer` only — the variables: for an operation without directives they are kept with
    the parsed operation (`_shared_collections`) and taken again by its next requests."""

    _shared: dict[tuple[Any, ...], Any] | bool | None = False

    def collect_subfields(
        self, return_type: GraphQLObjectType, field_details_list: FieldDetailsList
    ) -> CollectedFields:
        memo = self._relevant_sub_fields
        cached = memo.get((return_type, id(field_details_list)))
        if cached is not None:
            return cached[1]
        shared = self._shared_table()
        if shared is None:
            return super().collect_subfields(return_type, field_details_list)
        key = (return_type, self.hide_suggestions, *[id(d.node) for d in field_details_list])
        collected = shared.get(key)
        if collected is None:
            collected = super().collect_subfields(return_type, field_details_list)
            shared[key] = collected
        else:
            memo[(return_type, id(field_details_list))] = (field_details_list, collected)
        return collected

    def execute_field(
        self,
        parent_type: GraphQLObjectType,
        source: Any,
        field_details_list: Any,
        path: Any,
        position_context: Any,
    ) -> Any:
        node = field_details_list[0].node
        name = node.name.value
        plain = self._plain_resolvers()
        if name == "__typename" and plain:
            return parent_type.name
        field = parent_type.fields.get(name)
        composite = _COMPOSITES.get(id(field))
        if composite is not None and composite[0] is field and plain and not node.arguments:
            done = self._complete_plainly(
                composite, source, field_details_list, path, position_context
            )
            if done is not _SLOW:
                return done
        leaf = None if node.arguments else _LEAVES.get(id(field))
        if leaf is not None and leaf[0] is field and plain:
            _, attribute, coerce, non_null = leaf
            try:
                return _leaf_value(coerce, getattr(source, attribute), non_null)
            except Exception:  # _Unusual, or an error graphql-core's path below reports
                pass
        return super().execute_field(
            parent_type, source, field_details_list, path, position_context
        )

    def _complete_plainly(
        self,
        composite: tuple[GraphQLField, str, bool, bool | None, Any],
        source: Any,
        field_details_list: FieldDetailsList,
        path: Any,
        position_context: Any,
    ) -> Any:
        """An object field that reads its attribute, completed as graphql-core completes it
        but without its resolve info, its resolver call and its type tests: the value's type
        is its class's (a union member by `_by_class`, an object type checked by strawberry's
        own `is_type_of`), then its subfields run as graphql-core runs them, and their errors
        are handled as graphql-core handles them. `_SLOW` (nothing run yet) for anything
        else — a null for a non-null field, a value of another class, a list that is not a
        list, an operation with directives (`@stream`) —: graphql-core's path then takes the
        field from the start and reports it as before."""
        if self._shared_table() is None:  # directives (`@stream`…): graphql-core's path
            return _SLOW
        field, attribute, non_null, items_non_null, kind = composite
        try:
            value = getattr(source, attribute)
        except Exception:
            return _SLOW
        if value is None:
            return _SLOW if non_null else None
        return_type = field.type
        try:
            if items_non_null is None:
                runtime = self._runtime_type(kind, value)
                if runtime is None:
                    return _SLOW
                completed = self.collect_and_execute_subfields(
                    runtime, field_details_list, path, value, position_context
                )
            else:
                if type(value) is not list and type(value) is not tuple:
                    return _SLOW
                runtimes = [None if v is None else self._runtime_type(kind, v) for v in value]
                if any(
                    t is None and (items_non_null or v is not None)
                    for t, v in zip(runtimes, value, strict=True)
                ):
                    return _SLOW
                completed = self._complete_items(
                    return_type, runtimes, value, field_details_list, path, position_context
                )
            if self.is_awaitable(completed):
                return self._awaiting(completed, return_type, field_details_list, path)
        except Exception as raw_error:
            self.handle_field_error(raw_error, return_type, field_details_list, path)
            return None
        return completed

    def collect_and_execute_subfields(
        self,
        return_type: GraphQLObjectType,
        field_details_list: FieldDetailsList,
        path: Any,
        result: Any,
        position_context: Any,
    ) -> Any:
        """An object's subfields by its plan (`_plan`) when it has one and nothing unusual
        turns up; else, from the start, as graphql-core runs them."""
        if self._plain_resolvers():
            plan = self._plan(return_type, field_details_list)
            if plan is not None:
                try:
                    return self._run(plan, result)
                except Exception:  # _Unusual, or an error graphql-core's path will report
                    pass
        return super().collect_and_execute_subfields(
            return_type, field_details_list, path, result, position_context
        )

    def _plain_resolvers(self) -> bool:
        """Whether no middleware wraps the resolvers (strawberry's resolve hooks would)."""
        manager = self.middleware_manager
        return manager is None or manager._middleware_resolvers is None

    def _plan(self, kind: GraphQLObjectType, field_details_list: FieldDetailsList) -> Any:
        """What an object of `kind` answers for the selection `field_details_list`, when
        every field it collects reads its attribute (`read_attributes`) and takes no
        argument: (response key, step, what the step needs) in the selection's order. None
        otherwise, and for an operation with directives. Made once per operation, type and
        selection, kept with the operation's collected fields."""
        shared = self._shared_table()
        if shared is None:
            return None
        key = ("plan", kind, *[id(d.node) for d in field_details_list])
        plan = shared.get(key, _SLOW)
        if plan is _SLOW:
            plan = shared[key] = self._make_plan(kind, field_details_list)
        return plan

    def _make_plan(self, kind: GraphQLObjectType, field_details_list: FieldDetailsList) -> Any:
        collected = self.collect_subfields(kind, field_details_list)
        if collected.new_defer_usages or collected.forbidden_directive_instances:
            return None
        plan: list[tuple[str, int, Any]] = []
        for key, details in collected.grouped_field_set.items():
            node = details[0].node
            if node.arguments:
                return None
            name = node.name.value
            if name == "__typename":
                plan.append((key, _TYPENAME, kind.name))
                continue
            field = kind.fields.get(name)
            leaf = _LEAVES.get(id(field))
            leaves = _LEAF_LISTS.get(id(field))
            composite = _COMPOSITES.get(id(field))
            if leaf is not None and leaf[0] is field:
                plan.append((key, _LEAF, leaf))
            elif leaves is not None and leaves[0] is field:
                plan.append((key, _LEAF_LIST, leaves))
            elif composite is not None and composite[0] is field:
                plan.append((key, _OBJECT, (composite, details, {})))
            else:
                return None  # a resolver of its own: graphql-core's path
        return _compiled(plan)

    def _run(self, plan: Any, source: Any) -> dict[str, Any]:
        """`plan` on `source`: its leaves read and coerced, its objects by their own plans.
        `_Unusual` — nothing reported, nothing kept — for a null where the schema says
        non-null, an error or an awaitable as a value, a value of another class or type, a
        leaf the type refuses, an object type without a plan; the caller then runs the
        object the usual way, which reports it as graphql-core always did."""
        return plan(self, source)  # type: ignore[no-any-return]

    def _object_step(self, needs: Any, value: Any) -> Any:
        """A plan's object step (`_OBJECT`) on the value its attribute holds."""
        (_, _, non_null, items_non_null, kind), details, plans = needs
        if _absent(value, non_null):
            return None
        if items_non_null is None:
            return self._run_object(kind, details, plans, value)
        return _items(value, items_non_null, partial(self._run_object, kind, details, plans))

    def _run_object(
        self, kind: Any, details: FieldDetailsList, plans: dict[type, Any], value: Any
    ) -> dict[str, Any]:
        """`value` as an object of `kind` by its plan. `plans`, kept with the step that
        selects the object, holds the plan found for each class of value: the object type
        and its plan follow from the class alone, but for a value cast to a type
        (`strawberry.cast`), which takes the whole way each time (a page of fifty items
        asked each item's type, and built the key of its plan, fifty times)."""
        cast = get_strawberry_type_cast(value)
        plan = plans.get(type(value)) if cast is None else None
        if plan is None:
            runtime = self._runtime_type(kind, value)
            if runtime is None:
                raise _Unusual
            plan = self._plan(runtime, details)
            if plan is None:
                raise _Unusual
            if cast is None:
                plans[type(value)] = plan
        return self._run(plan, value)

    def _runtime_type(self, kind: Any, value: Any) -> GraphQLObjectType | None:
        """The object type of `value` as graphql-core would find it, or None (let it: an
        error, an awaitable, a value of another class)."""
        if isinstance(value, Exception) or self.is_awaitable(value):
            return None
        if isinstance(kind, GraphQLUnionType):
            classes = getattr(kind.resolve_type, "classes", None)
            name = None if classes is None else classes.get(type(value))
            if name is None or get_strawberry_type_cast(value) is not None:
                return None
            kind = self.schema.type_map.get(name)
            if not isinstance(kind, GraphQLObjectType):
                return None
        is_type_of = kind.is_type_of
        if is_type_of is None:
            return kind  # type: ignore[no-any-return]
        if _generated(is_type_of) and is_type_of(value, None) is True:
            return kind  # type: ignore[no-any-return]
        return None

    def _complete_items(
        self,
        return_type: Any,
        runtimes: list[GraphQLObjectType | None],
        items: Any,
        field_details_list: FieldDetailsList,
        path: Any,
        position_context: Any,
    ) -> Any:
        """A list's objects, as graphql-core's `complete_iterable_value` completes them."""
        list_type = return_type.of_type if isinstance(return_type, GraphQLNonNull) else return_type
        item_type = list_type.of_type
        completed: list[Any] = []
        awaiting: list[int] = []
        try:
            for index, item in enumerate(items):
                item_path = path.add_key(index, None)
                runtime = runtimes[index]
                if runtime is None:
                    completed.append(None)
                    continue
                try:
                    done = self.collect_and_execute_subfields(
                        runtime, field_details_list, item_path, item, position_context
                    )
                    if self.is_awaitable(done):
                        done = self._awaiting(done, item_type, field_details_list, item_path)
                        awaiting.append(index)
                except Exception as raw_error:
                    self.handle_field_error(raw_error, item_type, field_details_list, item_path)
                    done = None
                completed.append(done)
        except Exception:
            if awaiting:
                self.settle_in_background([completed[index] for index in awaiting])
            raise
        if not awaiting:
            return completed

        async def gathered() -> list[Any]:
            results = await gather_with_cancel(*(completed[index] for index in awaiting))
            for index, result in zip(awaiting, results, strict=True):
                completed[index] = result
            return completed

        return gathered()

    def _awaiting(
        self, completed: Awaitable[Any], return_type: Any, field_details_list: Any, path: Any
    ) -> Awaitable[Any]:
        """`completed` awaited, its error handled as graphql-core handles a field's."""

        async def awaited() -> Any:
            try:
                return await completed
            except Exception as raw_error:
                self.handle_field_error(raw_error, return_type, field_details_list, path)
                return None

        return awaited()

    def _shared_table(self) -> dict[tuple[Any, ...], Any] | None:
        shared = self._shared
        if shared is False:
            shared = self._shared = _shared_collections(self.operation, self.fragments)
        return shared if isinstance(shared, dict) else None


_SLOW = object()
"""`_complete_plainly`'s answer when graphql-core's own path must take the field."""

_TYPENAME, _LEAF, _LEAF_LIST, _OBJECT = 0, 1, 2, 3
"""The steps of a plan: the type's name, a leaf read and coerced, a list of leaves, an
object (or a list of them) by its own plan."""


def _leaf_items(
    needs: tuple[GraphQLField, str, Callable[[Any], Any], bool, bool], source: Any
) -> Any:
    """A list of scalars or enums read and each coerced, as graphql-core completes it, or
    `_Unusual` where graphql-core would report an error."""
    _, attribute, coerce, non_null, items_non_null = needs
    value = getattr(source, attribute)
    if _absent(value, non_null):
        return None
    return _items(value, items_non_null, partial(_leaf_non_null, coerce))


def _leaf_value(coerce: Callable[[Any], Any], value: Any, non_null: bool) -> Any:
    """A leaf's value coerced, as graphql-core completes it, or `_Unusual` where graphql-core
    would report an error (a null where the schema says non-null, an error as the value, a
    value the type refuses)."""
    return _leaf_non_null(coerce, value) if non_null else _leaf_or_null(coerce, value)


def _absent(value: Any, non_null: bool) -> bool:
    """Whether `value` is a null the schema allows; `_Unusual` for one it does not."""
    if value is not None:
        return False
    if non_null:
        raise _Unusual
    return True


def _compiled(steps: list[tuple[str, int, Any]]) -> Callable[[Any, Any], dict[str, Any]]:
    """A plan's steps written out as one function `run(execution, source)` that builds the
    answer as a dict display, in the steps' order: each leaf read, checked and coerced
    (`_leaf_non_null`, `_leaf_or_null`), each list of leaves and each object by its step's
    function. The same answers and the same `_Unusual` as stepping through the plan in a
    loop, without the loop: a page of fifty items ran it some four hundred times a request.
    Made once per operation, type and selection, as the plan is."""
    scope: dict[str, Any] = {
        "_leaf_non_null": _leaf_non_null,
        "_leaf_or_null": _leaf_or_null,
        "_leaf_items": _leaf_items,
    }
    entries = []
    for index, (key, step, needs) in enumerate(steps):
        scope[f"k{index}"] = key
        if step == _TYPENAME:
            scope[f"n{index}"] = needs
            value = f"n{index}"
        elif step == _LEAF:
            _, attribute, coerce, non_null = needs
            scope[f"c{index}"], scope[f"a{index}"] = coerce, attribute
            read = "_leaf_non_null" if non_null else "_leaf_or_null"
            plain = _AS_IT_IS.get(coerce)
            if plain is None:
                value = f"{read}(c{index}, getattr(source, a{index}))"
            else:  # the usual value as it is, anything else coerced
                read_once = f"(v{index} := getattr(source, a{index}))"
                test = plain.replace("{v}", read_once, 1).replace("{v}", f"v{index}")
                value = f"(v{index} if {test} else {read}(c{index}, v{index}))"
        elif step == _LEAF_LIST:
            scope[f"s{index}"] = needs
            value = f"_leaf_items(s{index}, source)"
        else:
            scope[f"s{index}"], scope[f"a{index}"] = needs, needs[0][1]
            value = f"execution._object_step(s{index}, getattr(source, a{index}))"
        entries.append(f"k{index}: {value}")
    return written("run(execution, source)", [f"return {{{', '.join(entries)}}}"], scope)


_AS_IT_IS: dict[Callable[[Any], Any], str] = {
    GraphQLString.serialize: "type({v}) is str",
    GraphQLID.serialize: "type({v}) is str",
    GraphQLBoolean.serialize: "type({v}) is bool",
    GraphQLInt.serialize: "type({v}) is int and "
    + f"{GRAPHQL_MIN_INT} <= {{v}} <= {GRAPHQL_MAX_INT}",
}
"""The built-in scalars' coercions, and the test (`{v}` the value) of the values each
gives back as they are: a text for String and ID, a bool for Boolean, an int of 32 bits
for Int (graphql-core's `serialize_*`). A written-out plan reads such a value without the
call (four hundred leaves a timeline page); any other value takes `_leaf_non_null` or
`_leaf_or_null`, which coerce or refuse it as before."""


def _leaf_non_null(coerce: Callable[[Any], Any], value: Any) -> Any:
    """A non-null leaf's value coerced (`_leaf_value`)."""
    if value is None or isinstance(value, Exception):
        raise _Unusual
    coerced = coerce(value)
    if coerced is None or coerced is Undefined:
        raise _Unusual
    return coerced


def _leaf_or_null(coerce: Callable[[Any], Any], value: Any) -> Any:
    """A nullable leaf's value coerced, or None (`_leaf_value`)."""
    return None if value is None else _leaf_non_null(coerce, value)


def _items(value: Any, items_non_null: bool, complete: Callable[[Any], Any]) -> list[Any]:
    """A list's items, each completed by `complete`, nulls where the schema allows them;
    `_Unusual` for a value that is not a list or tuple, or a null it does not allow."""
    if type(value) is not list and type(value) is not tuple:
        raise _Unusual
    return [None if _absent(item, items_non_null) else complete(item) for item in value]


class _Unusual(Exception):
    """A plan met what only graphql-core's path reports: run the object that way."""


def _by_class(classes: dict[type[Any], str], found: GraphQLTypeResolver) -> GraphQLTypeResolver:
    def resolve_type(root: Any, info: Any, union: Any) -> Any:
        name = classes.get(type(root))
        if name is not None and get_strawberry_type_cast(root) is None:
            return name
        return found(root, info, union)

    resolve_type.classes = classes  # type: ignore[attr-defined]  # for `_complete_plainly`
    return resolve_type


def union_members_by_class(schema: strawberry.Schema) -> int:
    """Unions of plain object types resolve a value of a member's own class at once (other
    values as strawberry does); how many unions."""
    converted_types = schema.schema_converter.type_map
    given = 0
    for converted in converted_types.values():
        union = converted.implementation
        if not isinstance(union, GraphQLUnionType) or union.resolve_type is None:
            continue
        classes: dict[type[Any], str] = {}
        for member in union.types:
            definition = converted_types[member.name].definition
            if (
                not isinstance(definition, StrawberryObjectDefinition)
                or definition.is_graphql_generic
                or definition.concrete_of is not None
            ):
                break
            classes[definition.origin] = member.name
        else:
            union.resolve_type = _by_class(classes, union.resolve_type)
            given += 1
    return given
