package io.gatewaysync.source.http;

import jdk.net.ExtendedSocketOptions;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.HttpConnection;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.impl.Http1StreamListener;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;

import java.io.IOException;
import java.net.Socket;

/**
 * Acknowledges a response's head at once, so that a server which writes the head and the body in two
 * sends is not held up for the client's delayed ACK.
 *
 * <p>Many servers write the status line and headers, then the body, on a socket with Nagle's algorithm on
 * (Python's {@code http.server} and the frameworks' development servers built on it, for one). The small
 * body waits until the head is acknowledged, and on a kept-alive connection Linux delays that ACK by
 * 40 ms: every small answer (an item GET confirming a deletion, a page of 50, a write's echo) took 40 ms
 * instead of 0.2. Setting {@code TCP_QUICKACK} once the head has been read sends the pending ACK now; it
 * costs one system call per response. Where the option does not exist (not Linux) nothing is done.
 */
final class QuickAck implements Http1StreamListener {

    private static final QuickAck INSTANCE = new QuickAck();
    private volatile boolean supported = true;

    private QuickAck() {
    }

    /** HttpClient's request executor with this listener; otherwise HttpClient's defaults. */
    static HttpRequestExecutor requestExecutor() {
        return HttpRequestExecutor.builder().withHttp1StreamListener(INSTANCE).build();
    }

    @Override
    public void onResponseHead(HttpConnection connection, HttpResponse response) {
        if (supported && connection instanceof ManagedHttpClientConnection managed) {
            Socket socket = managed.getSocket();
            try {
                if (socket != null) {
                    socket.setOption(ExtendedSocketOptions.TCP_QUICKACK, true);
                }
            } catch (UnsupportedOperationException e) {
                supported = false;
            } catch (IOException e) {
                // a closed socket: reading the body reports it
            }
        }
    }

    @Override
    public void onRequestHead(HttpConnection connection, HttpRequest request) {
    }

    @Override
    public void onExchangeComplete(HttpConnection connection, boolean keepAlive) {
    }
}
