package io.stripesync.camel.client;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.stripesync.camel.client.ProxyServer.Auth;
import io.stripesync.camel.client.ProxyServer.Seen;

/** A {@link ProxyServer} in a JVM of its own: a real proxy process between the component and the simulator. */
public final class ProxyProcess implements AutoCloseable {

    private final Process process;
    private final int port;
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile long lastLineNanos = System.nanoTime();

    private ProxyProcess(Auth auth, String user, String password, boolean tls) throws IOException {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        process = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                ProxyServer.class.getName(), auth.name(), String.valueOf(user), String.valueOf(password),
                String.valueOf(tls)).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        Thread reader = new Thread(() -> read(out, listening), "proxy-process-output");
        reader.setDaemon(true);
        reader.start();
        try {
            port = listening.get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("The proxy process did not start", e);
        }
    }

    public static ProxyProcess start(Auth auth, String user, String password, boolean tls) {
        try {
            return new ProxyProcess(auth, user, password, tls);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot start the proxy process", e);
        }
    }

    private void read(BufferedReader out, CompletableFuture<Integer> listening) {
        try {
            for (String line; (line = out.readLine()) != null;) {
                lastLineNanos = System.nanoTime();
                String[] f = line.split(" ");
                if (f[0].equals("listening")) {
                    listening.complete(Integer.parseInt(f[1]));
                } else if (f[0].equals("seen")) {
                    seen.add(new Seen(f[1], f[2], f[3].equals("null") ? null : f[3], Integer.parseInt(f[4])));
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        listening.completeExceptionally(new IllegalStateException("The proxy process ended"));
    }

    public int port() {
        return port;
    }

    /**
     * What the proxy was asked, once its output has been quiet for a moment since this call (its lines cross a pipe,
     * and the last one may still be on its way when the answer it describes has already reached the test).
     */
    public List<Seen> seen() {
        long quiet = TimeUnit.MILLISECONDS.toNanos(150);
        long called = System.nanoTime();
        long deadline = called + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() - Math.max(lastLineNanos, called) < quiet && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return List.copyOf(seen);
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
