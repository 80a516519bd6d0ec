package dev.sdwebui.queue;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A job to submit: what to run and how to label it.
 *
 * @param id     the job id, or null to let the queue make an A1111-style {@code task(<job>-XXXXXXX)} id
 *               (A1111 {@code force_task_id} passes the client's own)
 * @param job    a short name of the kind of work ({@code txt2img}, {@code img2img}, {@code switch model});
 *               A1111's {@code state.job}
 * @param prompt the prompt, printed at start when console prompts are on; may be null
 * @param work   the work itself
 * @param <R>    the result type
 */
public record JobSpec<R>(String id, String job, String prompt, JobWork<R> work) {

    private static final Pattern SAFE_ID = Pattern.compile("[\\p{Alnum}()_.:\\-]{1,128}");

    public JobSpec {
        Objects.requireNonNull(work, "work");
        if (job == null || job.isBlank()) {
            throw new IllegalArgumentException("job name must not be blank");
        }
        if (id != null && !SAFE_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("Invalid task id: use 1-128 letters, digits and ()_.:-");
        }
    }

    /** A job with a generated id and no prompt. */
    public static <R> JobSpec<R> of(String job, JobWork<R> work) {
        return new JobSpec<>(null, job, null, work);
    }

    public JobSpec<R> withId(String newId) {
        return new JobSpec<>(newId, job, prompt, work);
    }

    public JobSpec<R> withPrompt(String newPrompt) {
        return new JobSpec<>(id, job, newPrompt, work);
    }
}
