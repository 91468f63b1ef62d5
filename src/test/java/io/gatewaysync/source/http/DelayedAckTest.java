package io.gatewaysync.source.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A server that writes a response's head and body in two sends with Nagle's algorithm on, as Python's
 * {@code http.server} does: on a kept-alive connection the body waited for the client's delayed ACK,
 * 40 ms on Linux, on every small answer. The client acknowledges each head at once ({@link QuickAck}).
 * The check is the median of 30 sequential GETs on one connection: 40 ms or more with the stall, about
 * a millisecond without; 20 ms leaves room for a loaded machine.
 */
class DelayedAckTest {

    static final byte[] BODY = "{\"id\":\"1\",\"name\":\"one\"}".getBytes(StandardCharsets.UTF_8);

    ServerSocket server;
    Thread acceptor;

    @AfterEach
    void stop() throws Exception {
        server.close();
        acceptor.join(5_000);
    }

    @Test
    void smallAnswersFromANagleServerAreNotHeldForTheDelayedAck() throws Exception {
        startSplitWritingServer();
        try (CamelHttpClient client = new CamelHttpClient(null, "delayed-ack",
                URI.create("http://127.0.0.1:" + server.getLocalPort()), HttpAccess.NONE, Duration.ofSeconds(5), 1)) {
            URI item = URI.create("http://127.0.0.1:" + server.getLocalPort() + "/pets/1");
            long[] ms = new long[30];
            for (int i = 0; i < ms.length; i++) {
                long start = System.nanoTime();
                HttpReply reply = client.call("GET", item, Map.of(), null);
                ms[i] = (System.nanoTime() - start) / 1_000_000;
                assertEquals(200, reply.status());
                assertEquals(new String(BODY, StandardCharsets.UTF_8), new String(reply.body(), StandardCharsets.UTF_8));
            }
            Arrays.sort(ms);
            assertTrue(ms[ms.length / 2] < 20, "median " + ms[ms.length / 2] + " ms per GET: " + Arrays.toString(ms));
        }
    }

    /**
     * Serves one connection (a second would never be answered: the GET would time out), every request with
     * a head send, then a body send.
     */
    private void startSplitWritingServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(() -> {
            try (Socket socket = server.accept()) {
                socket.setTcpNoDelay(false);
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                while (readHead(in)) {
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + BODY.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    out.write(BODY);
                    out.flush();
                }
            } catch (IOException closed) {
                // the test is over
            }
        }, "split-writing-server");
        acceptor.start();
    }

    /** Reads one request head (GET: no body); false at the end of the stream. */
    private static boolean readHead(InputStream in) throws IOException {
        int last4 = 0;
        int b;
        while ((b = in.read()) >= 0) {
            last4 = (last4 << 8) | b;
            if (last4 == 0x0d0a0d0a) { // CR LF CR LF
                return true;
            }
        }
        return false;
    }
}
