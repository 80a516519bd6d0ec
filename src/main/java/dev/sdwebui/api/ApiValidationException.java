package dev.sdwebui.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A request body pydantic would reject: rendered as 422 with FastAPI's {@code detail} list
 * ({@code [{"loc": ["body", "steps"], "msg": "value is not a valid integer", "type": "type_error.integer"}]})
 * plus A1111's error keys ({@code error}, {@code body}, {@code errors}).
 */
class ApiValidationException extends RuntimeException {

    /** One pydantic error: where, what, and pydantic's error type. */
    record Item(List<Object> loc, String msg, String type) {
    }

    private final List<Item> items;
    private final String body;

    ApiValidationException(List<Item> items, String body) {
        super(summary(items));
        this.items = List.copyOf(items);
        this.body = body;
    }

    List<Item> items() {
        return items;
    }

    String body() {
        return body;
    }

    /** pydantic's {@code str(ValidationError)}: "1 validation error ...\nbody -> steps\n  msg (type=...)". */
    private static String summary(List<Item> items) {
        return items.size() + " validation error" + (items.size() == 1 ? "" : "s") + " for request\n"
                + items.stream().map(i -> i.loc().stream().map(String::valueOf).collect(Collectors.joining(" -> "))
                        + "\n  " + i.msg() + " (type=" + i.type() + ")").collect(Collectors.joining("\n"));
    }
}
