% gold_ints.m -- print vector v to the header as a static const int array.
function gold_ints(fid, name, v, comment)
  if nargin > 3, fprintf(fid, '/* %s */\n', comment); end
  fprintf(fid, 'GOLD int %s[] = {%s};\n\n', name, strjoin(arrayfun(@(x) sprintf('%d', x), v(:)', 'UniformOutput', false), ', '));
end
