
function iraInts(s){var v=[],i=0;while(i<s.length){var b,n=0,k=0;
do{b=s.charCodeAt(i++)-63;n+=(b&31)*Math.pow(2,k);k+=5;}while(b>=32);
v.push(n%2?-(n+1)/2:n/2);}return v;}
function iraRing(s){var a=iraInts(s),r=[],x=0,y=0;for(var i=0;i<a.length;i+=2){x+=a[i];
y+=a[i+1];r.push([x/SCALE,y/SCALE]);}return r;}
function iraDecode(g,line){return line?{type:"MultiLineString",coordinates:g.map(iraRing)}:
{type:"MultiPolygon",coordinates:g.map(function(p){return p.map(iraRing);})};}
