package dev.sdwebui.prompt.cond;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.util.List;

/**
 * One prompt's conditioning over the sampling steps: entry i is used for steps up to and including
 * {@code endAtStep}. Each {@code cond} is {@code [77*k, C]}, owned by the conditioner's manager: do
 * not close it. Ref: A1111 prompt_parser.py {@code ScheduledPromptConditioning} list.
 */
public record ScheduledConditioning(List<Entry> entries) {

    /** {@code cond}: [77*k, C] for steps up to {@code endAtStep}. */
    public record Entry(int endAtStep, String text, NDArray cond) {
    }

    public ScheduledConditioning {
        entries = List.copyOf(entries);
        if (entries.isEmpty()) {
            throw new IllegalArgumentException("a schedule has at least one entry");
        }
    }

    /**
     * The conditioning for 1-based sampling step {@code step}: the first entry with
     * {@code step <= endAtStep}, else the first entry (Ref: {@code reconstruct_cond_batch}).
     */
    public NDArray at(int step) {
        return entryAt(step).cond();
    }

    public Entry entryAt(int step) {
        for (Entry e : entries) {
            if (step <= e.endAtStep()) {
                return e;
            }
        }
        return entries.get(0);
    }

    /**
     * A batch of per-image schedules at one step, stacked to {@code [B, T, C]} (shorter ones padded by
     * repeating their last vector, as A1111 {@code stack_conds}); the result is attached to
     * {@code target} (typically the sampling step's sub-manager).
     */
    public static NDArray batchAt(List<ScheduledConditioning> batch, int step, NDManager target) {
        return Stacking.stack(batch.stream().map(s -> s.at(step)).toList(), target);
    }

    /** Helper for {@link #batchAt} and multicond batches. */
    static final class Stacking {
        private Stacking() {
        }

        /** Stacks [T_i, C] tensors to [N, max T, C] in {@code target}; inputs stay where they are. */
        static NDArray stack(List<NDArray> tensors, NDManager target) {
            long tokens = tensors.stream().mapToLong(t -> t.getShape().get(0)).max().orElse(0);
            try (NDManager scope = target.newSubManager()) {
                NDList padded = new NDList();
                java.util.Set<NDArray> attached = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
                for (NDArray t : tensors) {
                    if (attached.add(t)) {
                        t.tempAttach(scope); // ops land in scope; t returns to its owner when scope closes
                    }
                    long have = t.getShape().get(0);
                    if (have == tokens) {
                        padded.add(t);
                    } else {
                        NDArray last = t.get((have - 1) + ":").repeat(0, tokens - have);
                        padded.add(t.concat(last, 0));
                    }
                }
                NDArray out = NDArrays.stack(padded);
                out.attach(target);
                return out;
            }
        }
    }
}
