% gold_scalar.m -- print one double scalar to the header.
function gold_scalar(fid, name, x, comment)
  if nargin > 3, fprintf(fid, '/* %s */\n', comment); end
  fprintf(fid, 'GOLD double %s = %.17g;\n', name, x);
end
