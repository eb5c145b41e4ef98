package io.llmio.upstream;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;

/**
 * The client side of a SOCKS5 CONNECT (RFC 1928) with username/password authentication
 * (RFC 1929) on a socket already connected to the proxy; afterwards the socket is a TCP tunnel to
 * the upstream. {@code socks5://} sends the upstream's address resolved here, {@code socks5h://}
 * its name for the proxy to resolve.
 */
final class Socks5 {
    private static final int VERSION = 5;
    private static final int NO_AUTH = 0x00;
    private static final int USER_PASSWORD = 0x02;
    private static final int CONNECT = 0x01;
    private static final int IPV4 = 0x01;
    private static final int DOMAIN = 0x03;
    private static final int IPV6 = 0x04;

    private Socks5() {
    }

    /**
     * @throws UpstreamException PROXY_AUTH when the proxy wants credentials it did not get or
     *                           refuses them, DNS when the upstream's name does not resolve here,
     *                           PROXY for any other refusal or a broken handshake
     */
    static void connect(Socket socket, Endpoint.ProxyAddress proxy, String host, int port) throws IOException {
        OutputStream out = socket.getOutputStream();
        InputStream in = socket.getInputStream();
        Endpoint.Credentials credentials = proxy.credentials();
        out.write(credentials == null ? new byte[] {VERSION, 1, NO_AUTH} : new byte[] {VERSION, 2, NO_AUTH, USER_PASSWORD});
        out.flush();
        int version = read(in);
        int method = read(in);
        if (version != VERSION) {
            throw new UpstreamException(UpstreamException.Kind.PROXY, proxy + " does not speak SOCKS5", null);
        }
        if (method == USER_PASSWORD && credentials != null) {
            authenticate(in, out, proxy, credentials);
        } else if (method != NO_AUTH) {
            throw new UpstreamException(UpstreamException.Kind.PROXY_AUTH, proxy + " accepts none of the offered methods ("
                    + (credentials == null ? "no authentication; put user:password in the proxy URL"
                                           : "no authentication, user/password") + ")", null);
        }
        out.write(request(proxy, host, port));
        out.flush();
        if (read(in) != VERSION) {
            throw new UpstreamException(UpstreamException.Kind.PROXY, proxy + " sent a malformed SOCKS5 reply", null);
        }
        int reply = read(in);
        read(in); // reserved
        int type = read(in);
        int skip = switch (type) {
            case IPV4 -> 4;
            case IPV6 -> 16;
            case DOMAIN -> read(in);
            default -> throw new UpstreamException(UpstreamException.Kind.PROXY, proxy + " sent a malformed SOCKS5 reply",
                                                   null);
        };
        if (in.readNBytes(skip + 2).length != skip + 2) {
            throw new EOFException("SOCKS5 proxy closed the connection");
        }
        if (reply != 0) {
            throw new UpstreamException(UpstreamException.Kind.PROXY, proxy + " could not connect to " + host + ":" + port
                    + ": " + replyText(reply), null);
        }
    }

    private static void authenticate(InputStream in, OutputStream out, Endpoint.ProxyAddress proxy,
                                     Endpoint.Credentials credentials) throws IOException {
        byte[] user = credentials.user().getBytes(StandardCharsets.UTF_8);
        byte[] password = credentials.password().getBytes(StandardCharsets.UTF_8);
        byte[] msg = new byte[3 + user.length + password.length];
        msg[0] = 1; // the sub-negotiation's version
        msg[1] = (byte) user.length;
        System.arraycopy(user, 0, msg, 2, user.length);
        msg[2 + user.length] = (byte) password.length;
        System.arraycopy(password, 0, msg, 3 + user.length, password.length);
        out.write(msg);
        out.flush();
        read(in);
        if (read(in) != 0) {
            throw new UpstreamException(UpstreamException.Kind.PROXY_AUTH, proxy
                    + " rejected the user and password of the proxy URL", null);
        }
    }

    private static byte[] request(Endpoint.ProxyAddress proxy, String host, int port) throws IOException {
        byte[] address;
        int type;
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        // an address literal goes as an address even with socks5h, as curl does
        if (proxy.kind() == Endpoint.ProxyKind.SOCKS5H && !Endpoint.ipLiteral(bare)) {
            address = bare.getBytes(StandardCharsets.US_ASCII);
            if (address.length > 255) {
                throw new UpstreamException(UpstreamException.Kind.PROXY, "host name too long for SOCKS5", null);
            }
            type = DOMAIN;
        } else {
            InetAddress a;
            try {
                a = InetAddress.getByName(bare);
            } catch (UnknownHostException e) {
                throw new UpstreamException(UpstreamException.Kind.DNS, bare, e);
            }
            address = a.getAddress();
            type = a instanceof Inet4Address ? IPV4 : IPV6;
        }
        int n = type == DOMAIN ? 1 + address.length : address.length;
        byte[] msg = new byte[4 + n + 2];
        msg[0] = VERSION;
        msg[1] = CONNECT;
        msg[3] = (byte) type;
        int at = 4;
        if (type == DOMAIN) {
            msg[at++] = (byte) address.length;
        }
        System.arraycopy(address, 0, msg, at, address.length);
        at += address.length;
        msg[at] = (byte) (port >> 8);
        msg[at + 1] = (byte) port;
        return msg;
    }

    private static int read(InputStream in) throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("SOCKS5 proxy closed the connection");
        }
        return b;
    }

    private static String replyText(int reply) {
        return switch (reply) {
            case 1 -> "general SOCKS server failure";
            case 2 -> "connection not allowed by ruleset";
            case 3 -> "network unreachable";
            case 4 -> "host unreachable";
            case 5 -> "connection refused";
            case 6 -> "TTL expired";
            case 7 -> "command not supported";
            case 8 -> "address type not supported";
            default -> "reply " + reply;
        };
    }
}
