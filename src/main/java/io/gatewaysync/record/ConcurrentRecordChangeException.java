package io.gatewaysync.record;

import java.sql.SQLException;

/** Optimistic lock failure: the record's version moved between read and write. */
public class ConcurrentRecordChangeException extends SQLException {
    public ConcurrentRecordChangeException(String message) {
        super(message);
    }
}
