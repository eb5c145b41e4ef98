package io.llmio.mock;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A minimal HTTP/1.1 server on plain sockets, one virtual thread per connection. Plain sockets
 * rather than a framework because the mock must control the wire byte for byte: when headers go
 * out, a TCP reset before them, a chunked body cut off mid-stream.
 */
final class MockHttpServer implements AutoCloseable {

    interface Handler {
        void handle(RecordedRequest request, MockWire wire) throws IOException;
    }

    private final ServerSocket server;
    private final Handler handler;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();

    MockHttpServer(int port, Handler handler) throws IOException {
        this.handler = handler;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        Thread.ofVirtual().name("mock-upstream-accept").start(this::acceptLoop);
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                open.add(s);
                Thread.ofVirtual().name("mock-upstream-conn").start(() -> serve(s));
            } catch (IOException e) {
                if (server.isClosed()) {
                    return;
                }
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            socket.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(socket.getInputStream());
            OutputStream out = socket.getOutputStream();
            while (true) {
                RecordedRequest req = read(in, out);
                if (req == null) {
                    return;
                }
                MockWire wire = new MockWire(socket, out);
                handler.handle(req, wire);
                boolean clientClose = req.header("connection").map(v -> v.equalsIgnoreCase("close")).orElse(false);
                if (!wire.reusable() || clientClose) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            // client went away or a fault closed the socket: nothing to do
        } finally {
            open.remove(socket);
        }
    }

    private static RecordedRequest read(InputStream in, OutputStream out) throws IOException {
        String requestLine = line(in);
        while (requestLine != null && requestLine.isEmpty()) {
            requestLine = line(in);
        }
        if (requestLine == null) {
            return null;
        }
        String[] parts = requestLine.split(" ");
        if (parts.length < 3) {
            throw new IOException("bad request line");
        }
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
            int colon = h.indexOf(':');
            if (colon > 0) {
                headers.computeIfAbsent(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                        .add(h.substring(colon + 1).trim());
            }
        }
        if (first(headers, "expect").equalsIgnoreCase("100-continue")) {
            out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }
        byte[] body;
        if (first(headers, "transfer-encoding").toLowerCase(Locale.ROOT).contains("chunked")) {
            body = readChunked(in);
        } else {
            String cl = first(headers, "content-length");
            body = cl.isEmpty() ? new byte[0] : in.readNBytes(Integer.parseInt(cl.trim()));
        }
        String target = parts[1];
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? "" : target.substring(q + 1);
        return new RecordedRequest(parts[0], path, query, headers, body);
    }

    private static byte[] readChunked(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            if (sizeLine == null) {
                throw new IOException("eof in chunked body");
            }
            int semi = sizeLine.indexOf(';');
            int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
            if (size == 0) {
                for (String t = line(in); t != null && !t.isEmpty(); t = line(in)) {
                    // trailers ignored
                }
                return buf.toByteArray();
            }
            buf.write(in.readNBytes(size));
            line(in);
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        List<String> v = headers.get(name);
        return v == null || v.isEmpty() ? "" : v.getFirst();
    }

    /** Reads one CRLF- (or LF-) terminated line as ISO-8859-1; null at end of stream. */
    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(64);
        int b;
        while ((b = in.read()) != -1) {
            if (b == '\n') {
                byte[] bytes = buf.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            buf.write(b);
        }
        return buf.size() == 0 ? null : buf.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
