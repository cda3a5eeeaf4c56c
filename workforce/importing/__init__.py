"""Reading workforce files: formats, cell values, and the parser that names every problem by row and column."""
