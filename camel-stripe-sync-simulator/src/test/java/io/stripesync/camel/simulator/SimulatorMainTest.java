package io.stripesync.camel.simulator;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher as scripts start it: with its standard input closed it keeps serving, and says so. */
class SimulatorMainTest {

    @Test
    void withItsInputClosedItSaysSoAndServesOn() throws Exception {
        String java = System.getProperty("java.home") + File.separator + "bin" + File.separator + "java";
        Process process = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                SimulatorMain.class.getName(), "--port", "0", "--customers", "3"))
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(),
                StandardCharsets.UTF_8))) {
            String ready = out.readLine();
            assertThat(ready).startsWith("READY http://127.0.0.1:");
            String base = ready.substring("READY ".length());
            assertThat(out.readLine()).isEqualTo("Standard input closed: serving at " + base
                                                 + " until the process is stopped (Ctrl+C, kill)");
            HttpResponse<String> customers = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(base + "/v1/customers?limit=10")).header("Authorization", "Bearer sk_test_launcher")
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(customers.statusCode()).isEqualTo(200);
            assertThat(customers.body()).contains("\"object\":\"list\"");
            assertThat(process.isAlive()).as("still serving").isTrue();
        } finally {
            process.destroyForcibly().waitFor();
        }
    }
}
