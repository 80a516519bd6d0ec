package dev.sdwebui.web;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/**
 * What the progress poller of the txt2img tab reads from {@code /internal/jobs/{id}}: the job's state,
 * the A1111 progress numbers, and once DONE the gallery (image URLs and their infotexts).
 *
 * @param state         QUEUED, RUNNING, DONE, FAILED or CANCELLED
 * @param queuePosition 1 = runs next; 0 when not waiting
 * @param progress      0..1 (A1111 formula)
 * @param eta           seconds left (A1111 eta_relative), 0 when unknown
 * @param step          sampling step of the current batch, {@code steps} its total
 * @param previewId     the live preview's counter, 0 when none (fetch {@code preview} when it grows)
 * @param images        gallery image URLs once finished, else empty
 * @param infotexts     one infotext per image
 * @param first         index of the first non-grid image (1 when a grid leads)
 * @param html          A1111's html_info: the generation-time line
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
record JobStatus(String id, String state, int queuePosition, double progress, double eta, int step, int steps,
                 int jobNo, int jobCount, String textinfo, long previewId, boolean interrupted, String error,
                 List<String> images, List<String> infotexts, int first, List<Long> seeds, String html) {
    JobStatus {
        images = images == null ? List.of() : List.copyOf(images);
        infotexts = infotexts == null ? List.of() : List.copyOf(infotexts);
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
    }
}
