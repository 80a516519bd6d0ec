package dev.sdwebui.prompt.parse;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Table-driven parity with A1111's prompt_parser (v1.10 source, Lark 1.1.5 Earley parser): the
 * expected values in {@code a1111-tables.json} were produced once by running A1111's functions
 * ({@code get_learned_conditioning_prompt_schedules}, {@code parse_prompt_attention},
 * {@code get_multicond_prompt_list}) on these prompts; the test itself needs no Python.
 */
class A1111TablesTest {

    private static JsonNode tables;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = A1111TablesTest.class.getResourceAsStream("/prompt/parse/a1111-tables.json")) {
            tables = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void schedules() {
        int n = 0;
        for (JsonNode c : tables.get("schedules")) {
            Integer hires = c.get("hires").isNull() ? null : c.get("hires").asInt();
            List<ScheduledText> got = PromptScheduler.schedule(c.get("prompt").asText(), c.get("steps").asInt(),
                    hires, c.get("old").asBoolean());
            List<ScheduledText> want = new ArrayList<>();
            for (JsonNode e : c.get("expected")) {
                want.add(new ScheduledText(e.get(0).asInt(), e.get(1).asText()));
            }
            assertThat(got).as(c.toString()).isEqualTo(want);
            n++;
        }
        assertThat(n).isEqualTo(300);
    }

    @Test
    void attention() {
        for (JsonNode c : tables.get("attention")) {
            List<WeightedText> want = new ArrayList<>();
            for (JsonNode e : c.get("expected")) {
                want.add(new WeightedText(e.get(0).asText(), e.get(1).asDouble()));
            }
            assertThat(PromptAttention.parse(c.get("prompt").asText())).as(c.toString()).isEqualTo(want);
        }
    }

    @Test
    void multicond() {
        for (JsonNode c : tables.get("multicond")) {
            List<String> prompts = new ArrayList<>();
            c.get("prompts").forEach(p -> prompts.add(p.asText()));
            MultiCondPrompts got = MultiCond.split(prompts);
            List<List<WeightedIndex>> idx = new ArrayList<>();
            for (JsonNode per : c.get("expected").get(0)) {
                List<WeightedIndex> l = new ArrayList<>();
                per.forEach(e -> l.add(new WeightedIndex(e.get(0).asInt(), e.get(1).asDouble())));
                idx.add(l);
            }
            List<String> flat = new ArrayList<>();
            c.get("expected").get(1).forEach(f -> flat.add(f.asText()));
            assertThat(got.indexes()).as(c.toString()).isEqualTo(idx);
            assertThat(got.flat()).as(c.toString()).isEqualTo(flat);
        }
    }
}
