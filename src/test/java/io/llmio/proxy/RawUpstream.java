package io.llmio.proxy;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An upstream on a plain socket whose answer each test writes byte by byte (headers of its choice,
 * bodies generated as they are written, stalls, endless streams), and which records when the
 * gateway closes the connection under it. One virtual thread per connection, keep-alive.
 */
public final class RawUpstream implements AutoCloseable {
    interface Handler {
        void serve(Exchange ex) throws IOException;
    }

    private final ServerSocket server;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile Handler handler = ex -> ex.respond(200, "application/json", "{}".getBytes(StandardCharsets.UTF_8));
    /** counted down each time the gateway closed a connection while an answer was being written or awaited */
    private volatile CountDownLatch peerClosed = new CountDownLatch(1);

    RawUpstream() {
        try {
            server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        Thread.ofVirtual().name("raw-upstream-accept").start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    open.add(s);
                    Thread.ofVirtual().name("raw-upstream-conn").start(() -> serve(s));
                } catch (IOException e) {
                    return;
                }
            }
        });
    }

    /** An embeddings-like body of about {@code size} bytes whose usage comes at its very end. */
    public static byte[] largeAnswer(int size) {
        StringBuilder sb = new StringBuilder(size + 200).append("{\"object\":\"list\",\"data\":[{\"object\":\"embedding\",\"index\":0,\"embedding\":[");
        int i = 0;
        while (sb.length() < size) {
            sb.append(i == 0 ? "" : ",").append("0.").append(100000 + Math.floorMod(i * 7919L, 900000L));
            i++;
        }
        sb.append("]}],\"model\":\"up-m\",\"usage\":{\"prompt_tokens\":4242,\"total_tokens\":4242}}");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    int port() {
        return server.getLocalPort();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getLocalPort() + "/v1";
    }

    /** A gateway config whose one provider, {@code raw} (OpenAI type), is this upstream, serving {@code models}. */
    String config(String... models) {
        return """
                providers:
                  - name: raw
                    type: openai
                    base-url: %s
                    api-key: up-key
                models:
                """.formatted(baseUrl()) + String.join("", models);
    }

    /** A model of {@link #config} (breaker off) that {@code raw} serves as {@code up-<name>}. */
    static String model(String name, int timeoutSeconds) {
        return """
                  - name: %1$s
                    timeout-seconds: %2$d
                    breaker: false
                    providers:
                      - {provider: raw, model: up-%1$s}
                """.formatted(name, timeoutSeconds);
    }

    void handler(Handler h) {
        this.handler = h;
        this.peerClosed = new CountDownLatch(1);
        requests.set(0);
    }

    int requests() {
        return requests.get();
    }

    /** Whether the gateway closed a connection in the middle of an exchange within {@code timeout}. */
    boolean awaitPeerClosed(Duration timeout) throws InterruptedException {
        return peerClosed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                String line = line(in);
                if (line == null) {
                    return;
                }
                Map<String, String> headers = new LinkedHashMap<>();
                for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                    int colon = h.indexOf(':');
                    headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
                }
                byte[] body = in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0")));
                requests.incrementAndGet();
                Exchange ex = new Exchange(socket, in, out, line, headers, body);
                try {
                    handler.serve(ex);
                    out.flush();
                } catch (IOException e) {
                    // the gateway closed the connection under a write
                    peerClosed.countDown();
                    return;
                }
                if (ex.closed) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // connection over
        } finally {
            open.remove(socket);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                return buf.toString(StandardCharsets.ISO_8859_1).replaceAll("\r$", "");
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing
            }
        }
    }

    /** One request and the means to answer it. */
    final class Exchange {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        final String requestLine;
        final Map<String, String> headers;
        final byte[] body;
        boolean closed;

        Exchange(Socket socket, InputStream in, OutputStream out, String requestLine, Map<String, String> headers,
                 byte[] body) {
            this.socket = socket;
            this.in = in;
            this.out = out;
            this.requestLine = requestLine;
            this.headers = headers;
            this.body = body;
        }

        /** Status line and headers (name, value pairs); the body follows with {@link #write} or chunks. */
        void head(int status, String... headers) throws IOException {
            StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
            for (int i = 0; i < headers.length; i += 2) {
                sb.append(headers[i]).append(": ").append(headers[i + 1]).append("\r\n");
            }
            out.write(sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void respond(int status, String contentType, byte[] body, String... headers) throws IOException {
            String[] all = new String[headers.length + 4];
            System.arraycopy(headers, 0, all, 0, headers.length);
            all[headers.length] = "Content-Type";
            all[headers.length + 1] = contentType;
            all[headers.length + 2] = "Content-Length";
            all[headers.length + 3] = Integer.toString(body.length);
            head(status, all);
            out.write(body);
            out.flush();
        }

        void write(byte[] b) throws IOException {
            out.write(b);
        }

        void chunk(byte[] b) throws IOException {
            out.write((Integer.toHexString(b.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(b);
            out.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        void endChunks() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Resets the connection (RST) now. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
            closed = true;
        }

        /**
         * Sends nothing and waits for the gateway to close the connection; counts it in
         * {@link #awaitPeerClosed} if it did within {@code max}.
         */
        void stallUntilClosed(Duration max) throws IOException {
            socket.setSoTimeout((int) max.toMillis());
            try {
                if (in.read() < 0) {
                    peerClosed.countDown();
                }
            } catch (SocketTimeoutException e) {
                // not closed in time: the test's await fails
            } catch (IOException e) {
                peerClosed.countDown();
            }
            closed = true;
        }
    }
}
