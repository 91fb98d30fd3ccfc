package mirage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** analyze's engine options without mirage-spark on the class path (the plain CLI). */
class EngineOptionsTest {

    @Test
    void sparkEngineNotOnTheClassPathIsOneLineExitTwo(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("r.csv");
        Files.writeString(in, "family,model,params,task,metric,value\nf,a,1e6,t,exact_match,0.1\n");
        CliTest.Run r = CliTest.run("analyze", in.toString(), "--engine", "spark", "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--engine spark: no such engine on the class path").contains("mirage-spark");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void sparkOptionsNeedTheSparkEngine(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("r.csv");
        Files.writeString(in, "family,model,params,task,metric,value\nf,a,1e6,t,exact_match,0.1\n");
        CliTest.Run r = CliTest.run("analyze", in.toString(), "--master", "local[2]", "--out", dir.resolve("o").toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("need --engine spark");
        CliTest.Run u = CliTest.run("analyze", in.toString(), "--engine", "gpu", "--out", dir.resolve("o").toString());
        assertThat(u.code()).isEqualTo(2);
        assertThat(u.err()).contains("--engine gpu: no such engine").contains("engines: local, spark");
    }

    @Test
    void localEngineProvenanceIsUnchanged(@TempDir Path dir) throws Exception {
        Path in = dir.resolve("r.csv");
        Files.writeString(in, "family,model,params,task,metric,value\nf,a,1e6,t,exact_match,0.1\nf,b,1e7,t,exact_match,0.2\n");
        CliTest.Run r = CliTest.run("analyze", in.toString(), "--no-report", "--out", dir.resolve("o").toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.readString(dir.resolve("o").resolve("provenance.json"))).doesNotContain("\"engine\"");
    }
}
