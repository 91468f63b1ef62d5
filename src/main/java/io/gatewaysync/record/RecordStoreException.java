package io.gatewaysync.record;

/** A database failure while reading or writing synchronization records; names what was being done. */
public class RecordStoreException extends RuntimeException {
    public RecordStoreException(String doing, Throwable cause) {
        super("database error " + doing + ": " + cause.getMessage(), cause);
    }
}
