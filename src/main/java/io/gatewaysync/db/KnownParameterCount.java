package io.gatewaysync.db;

import javax.sql.DataSource;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;

/**
 * The engine's DataSource as the record look-up's {@code jdbc:} endpoint sees it: the same pool and
 * connections, except that a prepared statement tells its parameter count from its SQL instead of
 * asking the server.
 *
 * <p>Why: with {@code useHeadersAsParameters} camel-jdbc calls
 * {@code getParameterMetaData().getParameterCount()} before binding. pgJDBC answers that with a
 * one-shot describe of the statement, which also discards the server-side prepared statement it keeps
 * per connection; every page's look-up is then planned afresh, and PostgreSQL's custom plan for 1,000
 * ids is a hash join over all of the source's records (measured: 18 ms a page against 2.5 ms with the
 * cached generic plan's index look-ups, 100,000 records). Counting the {@code ?} of the SQL (the look-up
 * has no quoted text) gives camel-jdbc its answer without a round trip. Every other call goes to the
 * real objects.
 */
public final class KnownParameterCount {

    private KnownParameterCount() {
    }

    public static DataSource wrap(DataSource dataSource) {
        return proxy(DataSource.class, dataSource, (target, method, args) -> {
            Object result = invoke(target, method, args);
            return result instanceof Connection c ? connection(c) : result;
        });
    }

    private static Connection connection(Connection connection) {
        return proxy(Connection.class, connection, (target, method, args) -> {
            Object result = invoke(target, method, args);
            if (result instanceof PreparedStatement ps && method.getName().equals("prepareStatement")
                    && args != null && args[0] instanceof String sql) {
                return statement(ps, count(sql));
            }
            return result;
        });
    }

    private static PreparedStatement statement(PreparedStatement statement, int parameters) {
        return proxy(PreparedStatement.class, statement, (target, method, args) -> {
            if (method.getName().equals("getParameterMetaData") && method.getParameterCount() == 0) {
                return proxy(ParameterMetaData.class, null, (none, m, a) -> {
                    if (m.getName().equals("getParameterCount")) {
                        return parameters;
                    }
                    return invoke(target.getParameterMetaData(), m, a); // anything else: ask the driver
                });
            }
            return invoke(target, method, args);
        });
    }

    /** The {@code ?} placeholders of {@code sql}, outside quoted text. */
    static int count(String sql) {
        int n = 0;
        char quote = 0;
        for (int i = 0; i < sql.length(); i++) {
            char c = sql.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '?') {
                n++;
            }
        }
        return n;
    }

    private interface Handler<T> {
        Object handle(T target, Method method, Object[] args) throws Throwable;
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, T target, Handler<T> handler) {
        InvocationHandler h = (p, method, args) -> {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "equals" -> p == args[0];
                    case "hashCode" -> System.identityHashCode(p);
                    default -> type.getSimpleName() + " with a known parameter count (" + target + ")";
                };
            }
            return handler.handle(target, method, args);
        };
        return (T) Proxy.newProxyInstance(KnownParameterCount.class.getClassLoader(), new Class<?>[]{type}, h);
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
