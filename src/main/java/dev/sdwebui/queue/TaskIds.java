package dev.sdwebui.queue;

import java.security.SecureRandom;

/**
 * A1111-style task ids: {@code task(<job>-XXXXXXX)} with 7 random upper-case letters and digits.
 * Ref: A1111 modules/progress.py create_task_id. SecureRandom because v2 ids are handles that can cancel a job.
 */
final class TaskIds {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789".toCharArray();

    private final SecureRandom random = new SecureRandom();

    String next(String job) {
        StringBuilder id = new StringBuilder("task(");
        for (char c : job.toCharArray()) {
            id.append((c < 128 && Character.isLetterOrDigit(c)) || c == '_' || c == '-' ? c : '_');
        }
        id.append('-');
        for (int i = 0; i < 7; i++) {
            id.append(ALPHABET[random.nextInt(ALPHABET.length)]);
        }
        return id.append(')').toString();
    }
}
