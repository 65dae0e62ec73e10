package io.stripesync.camel.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import io.stripesync.camel.simulator.SimulatorMain;

/**
 * The simulator in a process of its own ({@link SimulatorMain}), so a benchmark's heap figures are the component's:
 * started with {@code customers} seeded, driven by its line commands.
 */
final class SimulatorProcess implements AutoCloseable {

    private final Process process;
    private final PrintWriter commands;
    private final BufferedReader answers;
    private final String baseUrl;

    SimulatorProcess(int customers) throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        process = new ProcessBuilder(java, "-Xmx" + System.getProperty("bench.simHeap", "3g"), "-cp",
                System.getProperty("java.class.path"), SimulatorMain.class.getName(), "--customers",
                String.valueOf(customers)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        commands = new PrintWriter(process.getOutputStream(), true, StandardCharsets.UTF_8);
        answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String ready = answers.readLine();
        if (ready == null || !ready.startsWith("READY ")) {
            throw new IllegalStateException("the simulator did not start: " + ready);
        }
        baseUrl = ready.substring("READY ".length());
    }

    String baseUrl() {
        return baseUrl;
    }

    /** Sends one command and answers the simulator's line (null for quit); one at a time, from any thread. */
    synchronized String command(String line) throws Exception {
        commands.println(line);
        return line.equals("quit") ? null : answers.readLine();
    }

    /** One figure of the {@code stats} line: requests, tooMany or reads. */
    long stat(String name) throws Exception {
        String stats = command("stats");
        int at = stats.indexOf(name + "=") + name.length() + 1;
        int end = stats.indexOf(' ', at);
        return Long.parseLong(stats.substring(at, end < 0 ? stats.length() : end).trim());
    }

    /** The requests of one route, e.g. {@code GET /v1/invoiceitems}. */
    long count(String route) throws Exception {
        return Long.parseLong(command("count " + route).substring("COUNT ".length()).trim());
    }

    @Override
    public void close() throws Exception {
        command("quit");
        process.waitFor(10, TimeUnit.SECONDS);
        process.destroyForcibly();
    }
}
