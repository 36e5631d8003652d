package example;

import java.util.List;

public class Decisions {
    private int limit;

    public Decisions(int limit) {
        this.limit = limit;
    }

    int decide(int a, int b, String... rest) {
        if (a > 0 && b > 0 || rest.length > 2) {
            return 1;
        } else if (a < 0) {
            return 2;
        } else {
            return a > b ? a : b;
        }
    }

    void loops(List<String> items) {
        for (int i = 0; i < items.size(); i++) {
        }
        for (String item : items) {
        }
        while (items.isEmpty()) {
            items.add("x");
        }
        do {
            items.remove(0);
        } while (items.size() > 3);
    }

    int branches(int x) {
        switch (x) {
            case 1:
            case 2, 3:
                return 1;
            default:
                break;
        }
        int y = switch (x) {
            case 4 -> 5;
            default -> 6;
        };
        try {
            return y / x;
        } catch (ArithmeticException | NullPointerException e) {
            return 0;
        } finally {
            limit = 0;
        }
    }

    Runnable withLambda(List<String> items) {
        items.forEach(item -> {
            if (item.isEmpty()) {
                return;
            }
        });
        Object o = new Object() {
            @Override
            public String toString() {
                return limit > 0 ? "+" : "-";
            }
        };
        int a = 1, b;
        b = a;
        return () -> {};
    }

    abstract static class Shape {
        abstract double area();
    }
}
