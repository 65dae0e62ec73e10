package io.stripesync.camel.client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;

/**
 * A forward proxy for tests, as companies run them: HTTP CONNECT tunnels and absolute-URI forwarding, optionally
 * asking for Basic or Digest credentials (407 with a challenge), optionally speaking TLS itself (an "HTTPS proxy").
 * It keeps a log of what it was asked, so a test can prove a request really went through it. Tests run it as a process
 * of its own ({@link ProxyProcess}, through {@link #main}), which prints that log on its standard output.
 *
 * <p>Test infrastructure only: the component uses Apache HttpClient, never hand-written HTTP.
 */
public final class ProxyServer implements AutoCloseable {

    public enum Auth {
        NONE,
        BASIC,
        DIGEST
    }

    /** One request the proxy answered: CONNECT host:port or a forwarded absolute URI, who asked, and the answer. */
    public record Seen(String method, String target, String user, int status) {
    }

    private static final String REALM = "stripe-sync-test-proxy";
    private static final Pattern DIGEST_PARAM = Pattern.compile("(\\w+)=(?:\"([^\"]*)\"|([^,\\s]*))");

    private final Auth auth;
    private final String user;
    private final String password;
    private final SSLContext clientTls;
    private final ServerSocket server;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "test-proxy");
        t.setDaemon(true);
        return t;
    });
    private final List<Seen> seen = new CopyOnWriteArrayList<>() {
        @Override
        public boolean add(Seen s) {
            // printed before the answer goes out, so the parent process reads it before the client can act on it
            if (printing) {
                System.out.println("seen " + s.method() + " " + s.target() + " " + s.user() + " " + s.status());
                System.out.flush();
            }
            return super.add(s);
        }
    };
    private static volatile boolean printing;
    private final String nonce = UUID.randomUUID().toString().replace("-", "");
    /** The highest nonce count a request answered with so far. */
    private long nonceCount;

    /**
     * @param serverTls when set, clients must speak TLS to the proxy itself
     * @param clientTls trust for forwarded https URLs (the proxy then makes the TLS connection)
     */
    private ProxyServer(Auth auth, String user, String password, SSLContext serverTls, SSLContext clientTls)
            throws IOException {
        this.auth = auth;
        this.user = user;
        this.password = password;
        this.clientTls = clientTls;
        this.server = serverTls == null ? new ServerSocket() : serverTls.getServerSocketFactory().createServerSocket();
        server.bind(new InetSocketAddress("127.0.0.1", 0), 64);
        threads.execute(this::accept);
    }

    public static ProxyServer start(Auth auth, String user, String password, SSLContext serverTls, SSLContext clientTls) {
        try {
            return new ProxyServer(auth, user, password, serverTls, clientTls);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the test proxy", e);
        }
    }

    /**
     * {@code ProxyServer <NONE|BASIC|DIGEST> <user> <password> <tls: true|false>}: prints {@code listening <port>}, then
     * {@code seen <method> <target> <user> <status>} per request, until its standard input closes. TLS material: the
     * test certificate (serving) and the test trust store (forwarding to https URLs).
     */
    public static void main(String[] args) throws Exception {
        printing = true;
        SSLContext serverTls = TestTls.serverContext();
        SSLContext clientTls = TestTls.clientContext();
        try (ProxyServer proxy = start(Auth.valueOf(args[0]), args[1], args[2],
                Boolean.parseBoolean(args[3]) ? serverTls : null, clientTls)) {
            System.out.println("listening " + proxy.port());
            System.out.flush();
            while (System.in.read() != -1) {
                // runs until the parent closes the pipe or dies
            }
        }
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // closing
        }
        threads.shutdownNow();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                threads.execute(() -> serve(client));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = client.getInputStream();
            OutputStream out = client.getOutputStream();
            while (true) {
                Head head = Head.read(in);
                if (head == null) {
                    return;
                }
                byte[] body = in.readNBytes(head.contentLength());
                String who = authenticated(head);
                if (who == null) {
                    seen.add(new Seen(head.method, head.target, null, 407));
                    String challenge = auth == Auth.BASIC
                            ? "Basic realm=\"" + REALM + "\""
                            : "Digest realm=\"" + REALM + "\", qop=\"auth\", nonce=\"" + nonce + "\", algorithm=MD5";
                    write(out, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: " + challenge
                               + "\r\nContent-Length: 0\r\n\r\n");
                    continue;
                }
                if (head.method.equals("CONNECT")) {
                    tunnel(head, who, client, in, out);
                } else {
                    forward(head, body, who, out);
                }
                return;
            }
        } catch (IOException e) {
            // the client or the target went away: nothing to answer
        }
    }

    private void tunnel(Head head, String who, Socket client, InputStream in, OutputStream out) throws IOException {
        String[] hostPort = head.target.split(":");
        try (Socket target = new Socket(hostPort[0], Integer.parseInt(hostPort[1]))) {
            seen.add(new Seen("CONNECT", head.target, who, 200));
            write(out, "HTTP/1.1 200 Connection established\r\n\r\n");
            threads.execute(() -> pipe(in, target));
            pipe(target.getInputStream(), client);
        }
    }

    /** Absolute-URI forwarding: origin-form to the target, the answer relayed, then the connection closed. */
    private void forward(Head head, byte[] body, String who, OutputStream out) throws IOException {
        URI uri = URI.create(head.target);
        boolean tls = uri.getScheme().equals("https");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        try (Socket target = tls
                ? clientTls.getSocketFactory().createSocket(uri.getHost(), port)
                : new Socket(uri.getHost(), port)) {
            StringBuilder request = new StringBuilder(head.method).append(' ').append(uri.getRawPath())
                    .append(uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()).append(" HTTP/1.1\r\n");
            head.headers.forEach((name, value) -> {
                if (!name.startsWith("proxy-") && !name.equals("connection")) {
                    request.append(name).append(": ").append(value).append("\r\n");
                }
            });
            request.append("connection: close\r\n\r\n");
            OutputStream targetOut = target.getOutputStream();
            targetOut.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            targetOut.write(body);
            targetOut.flush();
            InputStream targetIn = target.getInputStream();
            Head answer = Head.read(targetIn);
            seen.add(new Seen(head.method, head.target, who, answer == null ? 502 : answer.status()));
            if (answer == null) {
                write(out, "HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
                return;
            }
            StringBuilder relayed = new StringBuilder(answer.method).append(' ').append(answer.target).append(' ')
                    .append(answer.reason).append("\r\n");
            answer.headers.forEach((name, value) -> {
                if (!name.equals("connection")) {
                    relayed.append(name).append(": ").append(value).append("\r\n");
                }
            });
            relayed.append("connection: close\r\n\r\n");
            write(out, relayed.toString());
            targetIn.transferTo(out);
            out.flush();
        }
    }

    /** The user the request authenticates as ("-" when the proxy asks for nothing), or null to challenge it. */
    private String authenticated(Head head) {
        if (auth == Auth.NONE) {
            return "-";
        }
        String header = head.headers.get("proxy-authorization");
        if (header == null) {
            return null;
        }
        if (auth == Auth.BASIC && header.regionMatches(true, 0, "Basic ", 0, 6)) {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            return decoded.equals(user + ":" + password) ? user : null;
        }
        if (auth == Auth.DIGEST && header.regionMatches(true, 0, "Digest ", 0, 7)) {
            Map<String, String> p = new LinkedHashMap<>();
            Matcher m = DIGEST_PARAM.matcher(header.substring(7));
            while (m.find()) {
                p.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2) != null ? m.group(2) : m.group(3));
            }
            if (!user.equals(p.get("username")) || !nonce.equals(p.get("nonce"))) {
                return null;
            }
            String ha1 = md5(user + ":" + REALM + ":" + password);
            String ha2 = md5(head.method + ":" + p.get("uri"));
            String expected = md5(ha1 + ":" + nonce + ":" + p.get("nc") + ":" + p.get("cnonce") + ":" + p.get("qop")
                                  + ":" + ha2);
            if (!expected.equals(p.get("response"))) {
                return null;
            }
            // as squid's check_nonce_count: each use of the nonce counts up, a count seen before is a replay
            long count = Long.parseLong(p.get("nc"), 16);
            synchronized (this) {
                if (count <= nonceCount) {
                    return null;
                }
                nonceCount = count;
            }
            return user;
        }
        return null;
    }

    private void pipe(InputStream from, Socket to) {
        try {
            from.transferTo(to.getOutputStream());
            to.shutdownOutput();
        } catch (IOException e) {
            // one side closed
        }
    }

    private static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static String md5(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A request or status line and its headers (names lower-cased). For a status line: method=version, target=code. */
    private record Head(String method, String target, String reason, Map<String, String> headers) {

        static Head read(InputStream in) throws IOException {
            List<String> lines = new ArrayList<>();
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) != -1) {
                if (b == '\n') {
                    String text = line.toString(StandardCharsets.ISO_8859_1).stripTrailing();
                    line.reset();
                    if (text.isEmpty()) {
                        break;
                    }
                    lines.add(text);
                } else {
                    line.write(b);
                }
            }
            if (lines.isEmpty()) {
                return null;
            }
            String[] first = lines.get(0).split(" ", 3);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header : lines.subList(1, lines.size())) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            return new Head(first[0], first[1], first.length > 2 ? first[2] : "", headers);
        }

        int contentLength() {
            return Integer.parseInt(headers.getOrDefault("content-length", "0"));
        }

        int status() {
            return Integer.parseInt(target);
        }
    }
}
