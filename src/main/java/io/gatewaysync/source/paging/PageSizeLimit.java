package io.gatewaysync.source.paging;

import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The largest page size a server says it allows, read from its refusal of a larger one: a {@code 400}
 * whose body says {@code "limit must be <= 50"}, {@code "maximum page size is 50"}, {@code "pageSize must
 * not exceed 50"}, {@code "must be less than or equal to 50"}, {@code "max 50"}. The listing then asks for
 * that many instead of failing every run on a size the operator could not know.
 */
public final class PageSizeLimit {

    private static final Pattern LIMIT = Pattern.compile(
            "(?i)(?:<=|≤|at most|maximum(?: page size| limit| value)?(?: is| of)?|max(?:imum)?\\s*[:=]?|not (?:be )?(?:exceed|greater than|more than|larger than)|less than or equal to|up to)\\s*:?\\s*(\\d{1,7})");

    private PageSizeLimit() {
    }

    /**
     * @param refusal the text of the refusal (status line and body snippet)
     * @param asked   the page size that was refused
     * @return the limit the text names, when it is smaller than {@code asked} and at least 1
     */
    public static OptionalInt from(String refusal, int asked) {
        if (refusal == null) {
            return OptionalInt.empty();
        }
        Matcher m = LIMIT.matcher(refusal);
        while (m.find()) {
            int limit = Integer.parseInt(m.group(1));
            if (limit >= 1 && limit < asked) {
                return OptionalInt.of(limit);
            }
        }
        return OptionalInt.empty();
    }
}
