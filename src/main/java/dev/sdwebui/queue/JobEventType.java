package dev.sdwebui.queue;

/** Kinds of {@link JobEvent}; PROGRESS, PREVIEW and QUEUED updates may be dropped for slow subscribers. */
public enum JobEventType {
    QUEUED(false, true),
    STARTED(false, false),
    PROGRESS(false, true),
    PREVIEW(false, true),
    DONE(true, false),
    FAILED(true, false),
    CANCELLED(true, false);

    private final boolean terminal;
    private final boolean droppable;

    JobEventType(boolean terminal, boolean droppable) {
        this.terminal = terminal;
        this.droppable = droppable;
    }

    /** The last event of a job. */
    public boolean isTerminal() {
        return terminal;
    }

    /** Superseded by a later event of the same kind, so a slow subscriber may miss it. */
    public boolean isDroppable() {
        return droppable;
    }
}
