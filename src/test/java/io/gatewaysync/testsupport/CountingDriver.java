package io.gatewaysync.testsupport;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Logger;

/**
 * A JDBC driver for tests that counts database round trips: {@code jdbc:counting:<real URL>} opens
 * the real connection and wraps it, so the engine is configured exactly as an operator would
 * configure it ({@code sync.db.url}) and nothing in the engine knows it is being counted.
 *
 * <p>Counted: every execution of a statement ({@code execute}, {@code executeQuery},
 * {@code executeUpdate}, and {@code executeBatch}, which is one round trip for the whole batch) and
 * every {@code commit}/{@code rollback}, by SQL text. Registered through
 * {@code META-INF/services/java.sql.Driver} on the test class path. Counters are global to the JVM.
 */
public final class CountingDriver implements Driver {

    public static final String PREFIX = "jdbc:counting:";

    private static final Set<String> EXECUTE = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "executeBatch", "executeLargeBatch");
    private static final Map<String, LongAdder> COUNTS = new ConcurrentHashMap<>();
    private static final LongAdder TOTAL = new LongAdder();

    static {
        try {
            DriverManager.registerDriver(new CountingDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The counting URL for a real JDBC URL. */
    public static String wrap(String realUrl) {
        return PREFIX + realUrl;
    }

    /** Round trips since the last {@link #reset()}. */
    public static long total() {
        return TOTAL.sum();
    }

    /** Round trips by SQL text (COMMIT and ROLLBACK included), since the last {@link #reset()}. */
    public static Map<String, Long> bySql() {
        Map<String, Long> copy = new TreeMap<>();
        COUNTS.forEach((sql, n) -> copy.put(sql, n.sum()));
        return copy;
    }

    public static void reset() {
        COUNTS.clear();
        TOTAL.reset();
    }

    private static void count(String sql) {
        String key = sql == null ? "?" : sql.replaceAll("\\s+", " ").trim();
        COUNTS.computeIfAbsent(key, k -> new LongAdder()).increment();
        TOTAL.increment();
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null;
        }
        Connection real = DriverManager.getConnection(url.substring(PREFIX.length()), info);
        return (Connection) Proxy.newProxyInstance(CountingDriver.class.getClassLoader(),
                new Class<?>[]{Connection.class}, new ConnectionHandler(real));
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException();
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private record ConnectionHandler(Connection real) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            // The driver's own connection stays hidden: the engine takes its portable JDBC paths, whose
            // statements are what this counts (no COPY through pgJDBC's CopyManager, for one).
            if (name.equals("isWrapperFor")) {
                return false;
            }
            if (name.equals("unwrap")) {
                throw new SQLException("a counting connection does not unwrap");
            }
            if (name.equals("commit")) {
                count("COMMIT");
            } else if (name.equals("rollback") && (args == null || args.length == 0)) {
                count("ROLLBACK");
            }
            Object result = CountingDriver.invoke(real, method, args);
            if (result instanceof Statement statement && (name.startsWith("prepare") || name.equals("createStatement"))) {
                String sql = args != null && args.length > 0 && args[0] instanceof String s ? s : null;
                Class<?> type = statement instanceof CallableStatement ? CallableStatement.class
                        : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                return Proxy.newProxyInstance(CountingDriver.class.getClassLoader(), new Class<?>[]{type},
                        new StatementHandler(statement, sql, (Connection) proxy));
            }
            return result;
        }
    }

    private record StatementHandler(Statement real, String sql, Connection connection) implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if (EXECUTE.contains(name)) {
                count(sql != null ? sql : args != null && args.length > 0 ? String.valueOf(args[0]) : null);
            } else if (name.equals("getConnection")) {
                return connection;
            }
            return CountingDriver.invoke(real, method, args);
        }
    }
}
