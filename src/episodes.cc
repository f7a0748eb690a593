// Placeholder; filled in by its stage.
namespace ssla {}
