package io.stripesync.camel.catalog;

/**
 * An item action such as {@code invoice finalize}: an HTTP method on a path under the object's item path.
 *
 * @param name   the action's name, the last path segment ({@code finalize}, {@code void}), or for actions on the
 *               item path itself the stripe-java method name in snake case ({@code cancel} on a subscription)
 * @param method {@code POST}, {@code DELETE} or {@code GET}
 * @param path   the path template, with {@code {id}} for the object id
 */
public record ResourceAction(String name, String method, String path) {
}
