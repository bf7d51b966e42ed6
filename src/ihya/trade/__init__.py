"""Trade analytics: comparative advantage, complexity, product space and export potential."""
