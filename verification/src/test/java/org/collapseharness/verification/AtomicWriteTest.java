package org.collapseharness.verification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("Files written through a temporary sibling")
class AtomicWriteTest {
    @Test
    void aNewFileIsReadableByOthersLikeAnyNewFile(@TempDir Path dir) throws IOException {
        Path plain = Files.writeString(dir.resolve("plain.txt"), "x");
        Path written = dir.resolve("out.jsonl");
        AtomicWrite.replace(written, w -> w.write("{}\n"));
        assertThat(Files.readString(written)).isEqualTo("{}\n");
        assertThat(Files.getPosixFilePermissions(written)).isEqualTo(Files.getPosixFilePermissions(plain));
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("plain.txt", "out.jsonl");
        }
    }

    @Test
    void anExistingFileKeepsItsPermissions(@TempDir Path dir) throws IOException {
        Path target = Files.writeString(dir.resolve("cells.csv"), "old");
        Set<PosixFilePermission> mine = PosixFilePermissions.fromString("rw-r-----");
        Files.setPosixFilePermissions(target, mine);
        AtomicWrite.replace(target, w -> w.write("new"));
        assertThat(Files.readString(target)).isEqualTo("new");
        assertThat(Files.getPosixFilePermissions(target)).isEqualTo(mine);
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile(@TempDir Path dir) throws IOException {
        Path target = Files.writeString(dir.resolve("basins.jsonl"), "keep");
        assertThatThrownBy(() -> AtomicWrite.replace(target, w -> {
            w.write("half");
            throw new IOException("disk full");
        })).hasMessage("disk full");
        assertThat(Files.readString(target)).isEqualTo("keep");
        try (var s = Files.list(dir)) {
            assertThat(s).hasSize(1);
        }
    }
}
