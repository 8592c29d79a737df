package org.collapseharness.numerics;

import java.util.Arrays;

/**
 * A Jacobian in block-bordered form: the state splits into equal-size blocks (the sample vectors of a particle
 * system) that couple to each other only through a small border (labels and W). Stored per block: its diagonal block
 * (bs×bs), its row into the border (bs×nb, "right") and the border's row into it (nb×bs, "down"); plus the border's own
 * block (nb×nb). Storage O(blocks · bs · nb + nb²) instead of O(n²).
 */
public final class BorderedJacobian {
    private final int blockSize;
    private final int[] blockOffsets;
    private final int[] border;
    final double[] diag;
    final double[] right;
    final double[] down;
    final double[] corner;

    /**
     * @param blockSize    size of every block
     * @param blockOffsets state index of the first component of each block
     * @param border       state indices of the border, in the order of the border's rows and columns
     */
    public BorderedJacobian(int blockSize, int[] blockOffsets, int[] border) {
        this.blockSize = blockSize;
        this.blockOffsets = blockOffsets.clone();
        this.border = border.clone();
        int nb = border.length;
        this.diag = new double[blockOffsets.length * blockSize * blockSize];
        this.right = new double[blockOffsets.length * blockSize * nb];
        this.down = new double[blockOffsets.length * nb * blockSize];
        this.corner = new double[nb * nb];
        if (blockOffsets.length * blockSize + nb == 0) {
            throw new IllegalArgumentException("empty bordered structure");
        }
    }

    public int blockSize() {
        return blockSize;
    }

    public int blocks() {
        return blockOffsets.length;
    }

    public int borderSize() {
        return border.length;
    }

    /** Dimension of the state. */
    public int dimension() {
        return blockOffsets.length * blockSize + border.length;
    }

    public int blockOffset(int v) {
        return blockOffsets[v];
    }

    public int borderIndex(int j) {
        return border[j];
    }

    public void clear() {
        Arrays.fill(diag, 0);
        Arrays.fill(right, 0);
        Arrays.fill(down, 0);
        Arrays.fill(corner, 0);
    }

    /** Adds to ∂f_row/∂u_col, rows and columns given as block (v, i) or border (−1, j). */
    void add(int rowBlock, int row, int colBlock, int col, double value) {
        int bs = blockSize;
        int nb = border.length;
        if (rowBlock >= 0 && colBlock >= 0) {
            if (rowBlock != colBlock) {
                throw new IllegalArgumentException("blocks " + rowBlock + " and " + colBlock + " are not coupled");
            }
            diag[(rowBlock * bs + row) * bs + col] += value;
        } else if (rowBlock >= 0) {
            right[(rowBlock * bs + row) * nb + col] += value;
        } else if (colBlock >= 0) {
            down[(colBlock * nb + row) * bs + col] += value;
        } else {
            corner[row * nb + col] += value;
        }
    }

    /** The same Jacobian as a dense matrix (tests and small systems). */
    public double[][] toDense() {
        int n = dimension();
        int bs = blockSize;
        int nb = border.length;
        double[][] j = new double[n][n];
        for (int v = 0; v < blocks(); v++) {
            int o = blockOffsets[v];
            for (int a = 0; a < bs; a++) {
                for (int b = 0; b < bs; b++) {
                    j[o + a][o + b] = diag[(v * bs + a) * bs + b];
                }
                for (int k = 0; k < nb; k++) {
                    j[o + a][border[k]] = right[(v * bs + a) * nb + k];
                    j[border[k]][o + a] = down[(v * nb + k) * bs + a];
                }
            }
        }
        for (int a = 0; a < nb; a++) {
            for (int b = 0; b < nb; b++) {
                j[border[a]][border[b]] = corner[a * nb + b];
            }
        }
        return j;
    }

    /** A Jacobian that can be evaluated in bordered form; its dense form is {@link BorderedJacobian#toDense}. */
    public interface Provider extends JacobianProvider {
        /** A new, zero Jacobian of this structure. */
        BorderedJacobian allocate();

        /** Overwrites out with the Jacobian at (t, y). */
        void evaluate(double t, double[] y, BorderedJacobian out);

        @Override
        default double[][] jacobian(double t, double[] y) {
            BorderedJacobian j = allocate();
            evaluate(t, y, j);
            return j.toDense();
        }
    }
}
