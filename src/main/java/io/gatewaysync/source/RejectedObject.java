package io.gatewaysync.source;

/**
 * An element of a page's list that cannot be synchronized (not an object, no id). The page still
 * counts as read: one bad element must not make the whole listing incomplete.
 *
 * @param index  position of the element in the page's list, from 0
 * @param reason e.g. {@code element 3 has no id at 'id'}
 */
public record RejectedObject(int index, String reason) {
}
