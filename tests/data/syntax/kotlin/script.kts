val names = args.toList()
if (names.isNotEmpty()) {
    for (n in names) {
        if (n.isNotBlank()) {
            println(n)
        }
    }
}

fun twice(x: Int) = if (x > 0) x * 2 else 0
